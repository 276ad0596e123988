import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { DirectJoinChannel, PersonalInviteChannel, type AnalyticsRangeQuery } from '@quanzi/contract';
import { Chips } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { quietApi } from '../../../services/http';
import { AdminGate } from '../../../components/AdminGate';
import { RangePicker } from '../components/insight/RangePicker';
import { Table } from '../components/insight/Table';
import { percent, shortDay } from '../components/insight/range';
import { useRangeLoad } from '../components/insight/useRangeLoad';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { useChannels } from '../hooks/useChannels';
import '../components/admin.css';
import '../components/insight/insight.css';

/** Heat-map shade of a retention share: the brand blue, stronger the more of the cohort stayed. */
export function heat(ratio: number): string {
  return `rgba(79, 107, 237, ${(0.08 + ratio * 0.72).toFixed(2)})`;
}

/** 留存分析 (admins): weekly join cohorts and the share active in each later week, per channel. */
function Retention() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const channels = useChannels(id, admin.isAdmin);
  const [channel, setChannel] = useState('');
  const fetch = useCallback(
    (range: AnalyticsRangeQuery) => quietApi.analyticsRetention(id, { ...range, channel: channel || undefined }),
    [id, channel],
  );
  const { range, setRange, load, reload } = useRangeLoad(fetch, admin.isAdmin);
  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error') body = <ErrorState message={load.message} onRetry={() => void reload()} />;
  else if (load.data.cohorts.length === 0)
    body = <EmptyState glyph='留' title='这段时间没有新成员' hint='换一个时间范围或渠道看看。' />;
  else {
    const { cohorts } = load.data;
    const weeks = Math.max(...cohorts.map((c) => c.retained.length));
    body = (
      <View className='qz-card qz-insight-section qz-insight-cohorts'>
        <Text className='qz-section-title'>按加入周的留存</Text>
        <Table
          head={['加入周', '人数', ...Array.from({ length: weeks }, (_, w) => `第${w}周`)]}
          rows={cohorts.map((c) => [
            shortDay(c.week),
            c.size,
            ...Array.from({ length: weeks }, (_, w) => (w < c.retained.length ? percent(c.retained[w]) : '')),
          ])}
          cellColour={(r, col) => {
            const ratio = col >= 2 ? cohorts[r].retained[col - 2] : undefined;
            return ratio === undefined ? undefined : heat(ratio);
          }}
        />
        <Text className='qz-insight-hint'>
          第 N 周：加入后第 N 周有互动的成员占该周加入人数的比例，颜色越深留存越高。
        </Text>
      </View>
    );
  }
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <RangePicker value={range} onChange={setRange} />
      <Chips
        className='qz-insight-channel-filter'
        options={[
          { value: '', label: '全部渠道' },
          ...[...channels, PersonalInviteChannel, DirectJoinChannel].map((c) => ({ value: c, label: c })),
        ]}
        value={channel}
        onChange={setChannel}
      />
      {body}
    </AdminGate>
  );
}

export default function RetentionPage() {
  return (
    <View className='qz-page qz-admin-insight-retention'>
      <RequireLogin>
        <Retention />
      </RequireLogin>
    </View>
  );
}
