export default definePageConfig({
  navigationBarTitleText: '邀请好友',
  enablePullDownRefresh: true,
  // Needed on weapp for useShareAppMessage to register the share menu.
  enableShareAppMessage: true,
});
