export default definePageConfig({
  navigationBarTitleText: '邀请链接',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
