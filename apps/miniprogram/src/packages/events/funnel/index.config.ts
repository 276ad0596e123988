export default definePageConfig({
  navigationBarTitleText: '报名漏斗',
  enablePullDownRefresh: true,
});
