import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { KocResponse, SegmentCountsResponse } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { api, quietApi } from '../../../services/http';
import { chinaTime } from '../../../services/invites';
import { toastDone } from '../../../utils/confirm';
import { routes } from '../../../routes';
import { AdminGate } from '../../../components/AdminGate';
import { Table } from '../components/insight/Table';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';
import '../components/insight/insight.css';

const SEGMENT_HINT: Record<string, string> = {
  核心成员: '活跃度最高的一档',
  潜力成员: '常来互动，值得培养',
  需唤醒: '近期互动少',
  流失预警: '曾经活跃，最近沉寂',
  新成员: '加入不久',
};

function Distribution({ data }: { data: SegmentCountsResponse }) {
  const total = data.items.reduce((sum, i) => sum + i.count, 0);
  return (
    <View className='qz-card qz-insight-section qz-insight-segments'>
      <Text className='qz-section-title'>成员分层</Text>
      {data.items.map((i) => (
        <View key={i.segment} className='qz-insight-hbar' data-segment={i.segment}>
          <Text className='qz-insight-hbar__label'>{i.segment}</Text>
          <View className='qz-insight-hbar__track'>
            <View className='qz-insight-hbar__fill' style={{ width: `${total ? (i.count / total) * 100 : 0}%` }} />
          </View>
          <Text className='qz-insight-hbar__value qz-insight-segment-count'>{i.count} 人</Text>
        </View>
      ))}
      <Table
        head={['分层', '人数', '说明']}
        rows={data.items.map((i) => [i.segment, i.count, SEGMENT_HINT[i.segment]])}
      />
      <Text className='qz-insight-hint'>
        {data.computedAt ? `按活跃度分层，更新于 ${chinaTime(data.computedAt)}（每晚更新）` : '还没有计算过活跃度'}
      </Text>
    </View>
  );
}

function Koc({ circleId, data }: { circleId: string; data: KocResponse }) {
  return (
    <View className='qz-card qz-insight-section qz-insight-koc'>
      <Text className='qz-section-title'>关键传播者（KOC）</Text>
      {data.items.length === 0 ? (
        <Text className='qz-insight-hint'>还没有成员通过个人链接带来新成员</Text>
      ) : (
        data.items.map((k, i) => (
          <View
            key={k.userId}
            className='qz-leaderboard-row qz-insight-koc-row'
            onClick={() => void Taro.navigateTo({ url: routes.adminMember({ id: circleId, userId: k.userId }) })}
          >
            <Text className='qz-referral-rank'>{i + 1}</Text>
            <Text className='qz-referral-name'>{k.nickname}</Text>
            <Text className='qz-insight-hint'>
              邀请 {k.invitees} 人 · {k.activeInvitees} 人仍活跃 · 活跃度 {k.score}
            </Text>
          </View>
        ))
      )}
    </View>
  );
}

/** 成员分层 (admins): how many members each segment holds, and the members who bring others in. */
function Segments() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const fetch = useCallback(() => Promise.all([quietApi.analyticsSegments(id), quietApi.analyticsKoc(id)]), [id]);
  const { load, reload } = useLoad(fetch, { enabled: admin.isAdmin });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  const recompute = async () => {
    try {
      await api.recomputeEngagement(id);
      toastDone('已更新');
      await reload();
    } catch {
      // Toasted by the http layer.
    }
  };
  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error') body = <ErrorState message={load.message} onRetry={() => void reload()} />;
  else
    body = (
      <>
        <Distribution data={load.data[0]} />
        <Koc circleId={id} data={load.data[1]} />
        <Button className='qz-btn qz-btn--ghost qz-insight-recompute' onClick={() => void recompute()}>
          立即重新计算活跃度
        </Button>
      </>
    );
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      {body}
    </AdminGate>
  );
}

export default function SegmentsPage() {
  return (
    <View className='qz-page qz-admin-insight-segments'>
      <RequireLogin>
        <Segments />
      </RequireLogin>
    </View>
  );
}
