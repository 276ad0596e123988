export default definePageConfig({
  navigationBarTitleText: '渠道效果',
  enablePullDownRefresh: true,
});
