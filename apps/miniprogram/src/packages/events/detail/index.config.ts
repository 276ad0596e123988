export default definePageConfig({
  navigationBarTitleText: '活动详情',
  enablePullDownRefresh: true,
  // Needed on weapp for useShare (hooks/useShare.ts) to register the share menus.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
