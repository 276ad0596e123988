export default definePageConfig({
  navigationBarTitleText: '成员名录',
  enablePullDownRefresh: true,
});
