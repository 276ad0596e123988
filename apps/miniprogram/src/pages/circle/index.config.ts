export default definePageConfig({
  navigationBarTitleText: '圈子',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
  // Needed on weapp for useShareAppMessage to register the share menu.
  enableShareAppMessage: true,
});
