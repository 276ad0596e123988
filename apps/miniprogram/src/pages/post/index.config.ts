export default definePageConfig({
  navigationBarTitleText: '动态详情',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
  // Needed on weapp for useShare (hooks/useShare.ts) to register the share menus.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
