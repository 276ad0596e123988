export default definePageConfig({
  navigationBarTitleText: '参与投票',
  // Needed on weapp for useShare (hooks/useShare.ts) to register the share menus.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
