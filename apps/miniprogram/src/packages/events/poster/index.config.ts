export default definePageConfig({
  navigationBarTitleText: '活动海报',
  // Needed on weapp for useShare (hooks/useShare.ts) to register the share menus.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
