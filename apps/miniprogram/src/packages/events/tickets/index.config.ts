export default definePageConfig({
  navigationBarTitleText: '我的门票',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
