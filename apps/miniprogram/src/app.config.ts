const BRAND = '#4F6BED';

export default defineAppConfig({
  pages: [
    'pages/discover/index',
    'pages/my-circles/index',
    'pages/me/index',
    // Circle pages stay in the main package: shared links and the tabs open them directly.
    'pages/circle/index',
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
    navigationBarTitleText: '圈子',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#8A8F9C',
    selectedColor: BRAND,
    backgroundColor: '#FFFFFF',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/discover/index',
        text: '发现',
        iconPath: 'assets/tab/discover.png',
        selectedIconPath: 'assets/tab/discover-active.png',
      },
      {
        pagePath: 'pages/my-circles/index',
        text: '我的圈子',
        iconPath: 'assets/tab/circles.png',
        selectedIconPath: 'assets/tab/circles-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
});
