import type { JoinPolicy } from '@quanzi/contract';

/** Demo members: each can be entered through dev login with the same nickname. */
export const DEMO_USERS = ['阿杰', '小林', '麦子', '山野老王', 'Lily', '阿泽'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export interface DemoComment {
  by: DemoUser;
  text: string;
  replies?: { by: DemoUser; text: string }[];
}

export interface DemoPost {
  by: DemoUser;
  text: string;
  topic?: string;
  pinned?: boolean;
  digest?: boolean;
  likedBy?: DemoUser[];
  comments?: DemoComment[];
}

export interface DemoCircle {
  owner: DemoUser;
  name: string;
  description: string;
  joinPolicy: JoinPolicy;
  admins: DemoUser[];
  members: DemoUser[];
  /** Asked to join and wait for approval (approval circles). */
  pending: DemoUser[];
  /** Oldest first; the feed shows them newest first. */
  posts: DemoPost[];
  /** Also seed events, polls, channel links, tags and rules (demo-growth.ts). */
  growth?: boolean;
}

export const DEMO_CIRCLES: DemoCircle[] = [
  {
    owner: '阿杰',
    name: '城市咖啡研究所',
    description: '一群爱喝咖啡的人：每周探店、分享手冲配方，每月一次杯测会。新朋友直接加入，先来打个招呼吧～',
    joinPolicy: 'open',
    admins: ['小林'],
    members: ['麦子', 'Lily', '阿泽'],
    pending: [],
    growth: true,
    posts: [
      {
        by: '阿杰',
        text: '欢迎来到城市咖啡研究所！☕️\n发帖请带上话题（#探店 #手冲 #器具），探店记得写清地址和人均。每月最后一个周六下午是杯测会，名额在活动里报名。',
        pinned: true,
        likedBy: ['小林', '麦子', 'Lily'],
        comments: [
          {
            by: 'Lily',
            text: '报到！刚入坑手冲两个月，请多指教',
            replies: [{ by: '阿杰', text: '欢迎欢迎，杯测会一定来玩' }],
          },
        ],
      },
      {
        by: '小林',
        text: '手冲入门参数分享：粉水比 1:15，水温 92℃，研磨度接近细砂糖，总时长 2 分 30 秒左右。先照这个冲，再按口味微调。',
        topic: '手冲',
        digest: true,
        likedBy: ['阿杰', '麦子', 'Lily', '阿泽'],
        comments: [
          {
            by: '麦子',
            text: '照着冲了一杯耶加雪菲，花香好明显！',
            replies: [{ by: '小林', text: '浅烘豆子水温可以再高一点点试试' }],
          },
          { by: '阿泽', text: '请问滤杯用 V60 还是蛋糕杯？' },
        ],
      },
      {
        by: '麦子',
        text: '周末探店：巷子里的一家小店，人均 38，招牌是桂花拿铁，甜度刚好。靠窗的位置下午阳光很好，适合带本书坐一下午。',
        topic: '探店',
        likedBy: ['阿杰', 'Lily'],
        comments: [{ by: 'Lily', text: '收藏了，这周末就去！' }],
      },
      {
        by: '阿泽',
        text: '想入一台磨豆机，预算 800 以内，大家有推荐吗？主要做手冲。',
        topic: '器具',
        likedBy: ['小林'],
        comments: [{ by: '阿杰', text: '这个预算可以看看入门级的锥刀手摇，均匀度比电动的好' }],
      },
    ],
  },
  {
    owner: '山野老王',
    name: '周末徒步俱乐部',
    description:
      '周末一起走进山野：路线分享、装备交流、结伴出行。安全第一，新人申请时请简单介绍徒步经验，管理员审核后加入。',
    joinPolicy: 'approval',
    admins: ['Lily'],
    members: ['阿泽', '小林'],
    pending: ['麦子'],
    posts: [
      {
        by: '山野老王',
        text: '【必读】活动安全须知：出发前查看天气，穿徒步鞋，带足 1.5L 水和头灯；不掉队、不单独离队；领队有权劝返身体不适的队友。',
        pinned: true,
        digest: true,
        likedBy: ['Lily', '阿泽', '小林'],
        comments: [{ by: '阿泽', text: '收到，已转给同行的朋友' }],
      },
      {
        by: 'Lily',
        text: '上周末的环线路线分享：全程 14 公里，累计爬升 600 米，用时约 5 小时。山顶视野超好，秋天的红叶正当时！',
        topic: '路线',
        likedBy: ['山野老王', '小林'],
        comments: [
          { by: '小林', text: '新手能走下来吗？', replies: [{ by: 'Lily', text: '慢慢走没问题，中途有两个补给点' }] },
        ],
      },
      {
        by: '阿泽',
        text: '第一次参加俱乐部活动，认识了好多新朋友。下次想试试夜爬看日出，有没有一起的？',
        topic: '活动',
        likedBy: ['山野老王', 'Lily'],
        comments: [{ by: '山野老王', text: '下个月安排一次日出线，关注活动通知' }],
      },
    ],
  },
];
