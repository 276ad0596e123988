export default definePageConfig({
  navigationBarTitleText: '群发私信',
  enablePullDownRefresh: true,
});
