export default definePageConfig({
  navigationBarTitleText: '投票问卷',
})
