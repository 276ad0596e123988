export default definePageConfig({
  navigationBarTitleText: '圈子管理',
});
