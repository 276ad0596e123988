export default definePageConfig({
  navigationBarTitleText: '邀请你加入',
});
