export default definePageConfig({
  navigationBarTitleText: '创建圈子',
});
