export default definePageConfig({
  navigationBarTitleText: '自动打标签',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
