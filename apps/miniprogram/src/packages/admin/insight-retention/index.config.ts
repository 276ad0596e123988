export default definePageConfig({
  navigationBarTitleText: '留存分析',
  enablePullDownRefresh: true,
});
