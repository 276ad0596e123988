// Read in Node at build time: a single-circle brand's home is this page, titled with the app's name.
const brand = JSON.parse(process.env.QUANZI_BRAND_JSON ?? '{}') as { appName?: string; singleCircleId?: string };

export default definePageConfig({
  navigationBarTitleText: brand.singleCircleId && brand.appName ? brand.appName : '圈子',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
  // Needed on weapp for useShare (hooks/useShare.ts) to register the share menus.
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
