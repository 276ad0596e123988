export default definePageConfig({
  navigationBarTitleText: '参与投票',
});
