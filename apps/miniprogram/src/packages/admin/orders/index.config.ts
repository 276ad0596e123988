export default definePageConfig({
  navigationBarTitleText: '订单管理',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
