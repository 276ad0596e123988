export default definePageConfig({
  navigationBarTitleText: '邀请关系',
  enablePullDownRefresh: true,
});
