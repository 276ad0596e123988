import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { ReferralNode } from '@quanzi/contract';
import { Avatar } from '../../../components/Avatar';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { quietApi } from '../../../services/http';
import { chinaTime } from '../../../services/invites';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';

/** One member and, indented below, the people they brought in (the API bounds the depth). */
function TreeNode({ node, level }: { node: ReferralNode; level: number }) {
  return (
    <View className='qz-referral-node' style={{ paddingLeft: `${level * 32}px` }}>
      <View className='qz-referral-node__row'>
        <Avatar url={node.user.avatarUrl} nickname={node.user.nickname} />
        <Text className='qz-referral-name'>{node.user.nickname}</Text>
        {node.active ? null : <Text className='qz-badge qz-referral-left'>已退出</Text>}
        {node.joinedAt ? <Text className='qz-invite-row__meta'>{chinaTime(node.joinedAt).slice(0, 10)}</Text> : null}
      </View>
      {node.children.map((child) => (
        <TreeNode key={child.user.id} node={child} level={level + 1} />
      ))}
    </View>
  );
}

function Tree({ circleId, userId }: { circleId: string; userId: string }) {
  const fetch = useCallback(() => quietApi.referralTree(circleId, { userId }), [circleId, userId]);
  const { load, reload } = useLoad(fetch);
  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  const { root, truncated } = load.data;
  return (
    <View className='qz-card qz-referral-tree'>
      <Text className='qz-section-title'>{root.user.nickname} 的邀请树</Text>
      {root.children.length === 0 ? (
        <Text className='qz-invite-row__meta qz-referral-tree-empty'>还没有人通过 TA 的链接加入</Text>
      ) : (
        <TreeNode node={root} level={0} />
      )}
      {truncated ? <Text className='qz-invite-row__meta'>人数较多，只显示了前几层</Text> : null}
    </View>
  );
}

/** 邀请关系 (admins): the leaderboard, and the referral tree of the member picked from it. */
function Referrals() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const fetch = useCallback(() => quietApi.referralLeaderboard(id), [id]);
  const { load, reload } = useLoad(fetch, { enabled: admin.isAdmin });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  const [picked, setPicked] = useState<string | null>(null);
  const top = load.status === 'ready' ? (load.data.items[0]?.user.id ?? null) : null;
  useEffect(() => {
    if (picked === null && top) setPicked(top);
  }, [picked, top]);

  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error') body = <ErrorState message={load.message} onRetry={() => void reload()} />;
  else if (load.data.items.length === 0)
    body = (
      <EmptyState
        className='qz-referrals-empty'
        glyph='邀'
        title='还没有人通过成员的个人链接加入'
        hint='成员在「邀请好友」里分享自己的链接或海报，带来的人会出现在这里。'
      />
    );
  else
    body = (
      <>
        <View className='qz-card qz-referral-board'>
          <Text className='qz-section-title'>邀请排行榜</Text>
          {load.data.items.map((entry) => (
            <View
              key={entry.user.id}
              className={`qz-leaderboard-row qz-referral-row ${picked === entry.user.id ? 'qz-referral-row--picked' : ''}`}
              onClick={() => setPicked(entry.user.id)}
            >
              <Text className='qz-referral-rank'>{entry.rank}</Text>
              <Avatar url={entry.user.avatarUrl} nickname={entry.user.nickname} />
              <Text className='qz-referral-name'>{entry.user.nickname}</Text>
              <Text className='qz-referral-joins'>{entry.joins} 人</Text>
            </View>
          ))}
          <Text className='qz-invite-row__meta'>点一位成员，查看 TA 的邀请树</Text>
        </View>
        {picked ? <Tree circleId={id} userId={picked} /> : null}
      </>
    );

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      {body}
    </AdminGate>
  );
}

export default function ReferralsPage() {
  return (
    <View className='qz-page qz-admin-referrals'>
      <RequireLogin>
        <Referrals />
      </RequireLogin>
    </View>
  );
}
