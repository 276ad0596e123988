// The brand scripts/taro.js validated (brands/<name>.json); this file is read in Node at build time.
interface BuildBrand {
  appName: string;
  theme: { brand: string };
  tabIcons: string;
  singleCircleId?: string;
}
const brand: BuildBrand = process.env.QUANZI_BRAND_JSON
  ? JSON.parse(process.env.QUANZI_BRAND_JSON)
  : { appName: '圈子', theme: { brand: '#4F6BED' }, tabIcons: 'assets/tab' };
const BRAND = brand.theme.brand;
const tab = (pagePath: string, text: string, icon: string) => ({
  pagePath,
  text,
  iconPath: `${brand.tabIcons}/${icon}.png`,
  selectedIconPath: `${brand.tabIcons}/${icon}-active.png`,
});
// A single-circle brand opens into its circle (the circle page as first tab, its id from BRAND)
// and has no 发现 catalogue tab.
const single = Boolean(brand.singleCircleId);

export default defineAppConfig({
  pages: [
    ...(single ? ['pages/circle/index'] : []),
    'pages/discover/index',
    'pages/my-circles/index',
    'pages/me/index',
    // Circle pages stay in the main package: shared links and the tabs open them directly.
    ...(single ? [] : ['pages/circle/index']),
    'pages/post/index',
    'pages/compose/index',
    'pages/circle-create/index',
  ],
  // Feature areas live in subpackages so the main package stays under WeChat's 2 MB limit.
  subPackages: [
    {
      root: 'packages/events',
      pages: [
        'tickets/index',
        'list/index',
        'detail/index',
        'ticket/index',
        'edit/index',
        'attendees/index',
        'checkin/index',
        'poster/index',
        'funnel/index',
        'chat/index',
      ],
    },
    { root: 'packages/polls', pages: ['list/index', 'answer/index', 'results/index', 'builder/index'] },
    { root: 'packages/invites', pages: ['poster/index', 'landing/index'] },
    { root: 'packages/inbox', pages: ['list/index', 'settings/index'] },
    { root: 'packages/members', pages: ['directory/index'] },
    {
      root: 'packages/admin',
      pages: [
        'dashboard/index',
        'settings/index',
        'approvals/index',
        'members/index',
        'reports/index',
        'review/index',
        'tags/index',
        'invites/index',
        'member/index',
        'tag-rules/index',
        'orders/index',
        'broadcasts/index',
        'broadcast-compose/index',
        'broadcast/index',
        'referrals/index',
        'insight/index',
        'insight-channels/index',
        'insight-retention/index',
        'insight-segments/index',
      ],
    },
  ],
  // Only the components a page renders are injected when it opens (WeChat's on-demand injection).
  lazyCodeLoading: 'requiredComponents',
  // Download the subpackage a page leads to while the member reads that page.
  preloadRule: {
    'pages/circle/index': { network: 'all', packages: ['packages/events', 'packages/polls'] },
    'pages/me/index': { network: 'wifi', packages: ['packages/events'] },
    'packages/admin/dashboard/index': { network: 'wifi', packages: ['packages/events', 'packages/polls'] },
  },
  // Which pages WeChat search may index (public circle, post, event, poll pages; not admin).
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#F5F6FA',
    navigationBarBackgroundColor: '#FFFFFF',
    navigationBarTitleText: brand.appName,
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#8A8F9C',
    selectedColor: BRAND,
    backgroundColor: '#FFFFFF',
    borderStyle: 'white',
    list: single
      ? [tab('pages/circle/index', '首页', 'circles'), tab('pages/me/index', '我的', 'me')]
      : [
          tab('pages/discover/index', '发现', 'discover'),
          tab('pages/my-circles/index', '我的圈子', 'circles'),
          tab('pages/me/index', '我的', 'me'),
        ],
  },
});
