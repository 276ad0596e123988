import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { AnalyticsRangeQuery, ChannelStatsView } from '@quanzi/contract';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { quietApi } from '../../../services/http';
import { AdminGate } from '../../../components/AdminGate';
import { yuan } from '../components/RefundForm';
import { RangePicker } from '../components/insight/RangePicker';
import { percent } from '../components/insight/range';
import { useRangeLoad } from '../components/insight/useRangeLoad';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';
import '../components/insight/insight.css';

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <View className='qz-insight-figure'>
      <Text className='qz-insight-figure__value'>{value}</Text>
      <Text className='qz-insight-figure__label'>{label}</Text>
    </View>
  );
}

/** One channel's funnel from click to payment, as labelled numbers (a row of the ROI table). */
function ChannelCard({ row }: { row: ChannelStatsView }) {
  return (
    <View className='qz-card qz-insight-section qz-insight-channel' data-channel={row.channel}>
      <Text className='qz-section-title qz-insight-channel-name'>{row.channel}</Text>
      <View className='qz-insight-figures'>
        <Figure label='点击' value={row.clicks} />
        <Figure label='加入' value={row.joins} />
        <Figure label='加入率' value={row.clicks ? percent(row.joinRate) : '—'} />
        <Figure label='7日后仍活跃' value={row.activeD7} />
        <Figure label='30日后仍活跃' value={row.activeD30} />
        <Figure label='活动报名' value={row.signups} />
        <Figure label='签到' value={row.checkins} />
        <Figure label='付费' value={yuan(row.paidFen)} />
      </View>
    </View>
  );
}

/** 渠道效果 (admins): per invite link, personal links and direct joins, over the range. */
function Channels() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const fetch = useCallback((range: AnalyticsRangeQuery) => quietApi.analyticsChannels(id, range), [id]);
  const { range, setRange, load, reload } = useRangeLoad(fetch, admin.isAdmin);
  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error') body = <ErrorState message={load.message} onRetry={() => void reload()} />;
  else if (load.data.items.length === 0)
    body = (
      <EmptyState
        glyph='渠'
        title='这段时间没有渠道数据'
        hint='在「邀请链接」里按渠道生成链接，点击和加入会出现在这里。'
      />
    );
  else body = load.data.items.map((row) => <ChannelCard key={row.inviteId ?? row.channel} row={row} />);
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <RangePicker value={range} onChange={setRange} />
      <Text className='qz-insight-hint qz-insight-note'>
        仍活跃：范围内加入的成员在加入 7 / 30 天后仍有互动的人数；付费为该渠道成员的实付金额。
      </Text>
      {body}
    </AdminGate>
  );
}

export default function ChannelsPage() {
  return (
    <View className='qz-page qz-admin-insight-channels'>
      <RequireLogin>
        <Channels />
      </RequireLogin>
    </View>
  );
}
