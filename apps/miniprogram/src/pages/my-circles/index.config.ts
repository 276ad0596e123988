export default definePageConfig({
  navigationBarTitleText: '我的圈子',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
