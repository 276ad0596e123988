export default definePageConfig({
  navigationBarTitleText: '圈子',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
  // Needed on weapp for useShare (hooks/useShare.ts) to register the share menus.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
