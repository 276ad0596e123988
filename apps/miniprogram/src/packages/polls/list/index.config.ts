export default definePageConfig({
  navigationBarTitleText: '投票问卷',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
