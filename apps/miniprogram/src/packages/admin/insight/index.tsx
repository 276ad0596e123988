import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { AnalyticsOverview } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { quietApi } from '../../../services/http';
import { AdminGate } from '../../../components/AdminGate';
import { Bars, Legend } from '../components/insight/Bars';
import { RangePicker, defaultRange } from '../components/insight/RangePicker';
import { Table } from '../components/insight/Table';
import { channelColours, percent, shortDay } from '../components/insight/range';
import { routes } from '../../../routes';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';
import '../components/insight/insight.css';

const BRAND = '#4F6BED';

function Stat({ label, value, className }: { label: string; value: string | number; className: string }) {
  return (
    <View className={`qz-insight-stat ${className}`}>
      <Text className='qz-insight-stat__value'>{value}</Text>
      <Text className='qz-insight-stat__label'>{label}</Text>
    </View>
  );
}

/** Joins per channel over the range, largest first, and the stacked per-day chart with its table. */
function Growth({ data }: { data: AnalyticsOverview }) {
  const days = data.members.newByDay;
  const totals = new Map<string, number>();
  for (const d of days) for (const [c, n] of Object.entries(d.byChannel)) totals.set(c, (totals.get(c) ?? 0) + n);
  const channels = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const colours = channelColours(channels);
  return (
    <View className='qz-card qz-insight-section qz-insight-growth'>
      <Text className='qz-section-title'>每日新成员（按渠道）</Text>
      <Bars
        columns={days.map((d) => ({
          day: d.day,
          segments: channels.map((c) => ({ key: c, value: d.byChannel[c] ?? 0, colour: colours[c] })),
        }))}
      />
      <Legend items={channels.map((c) => ({ key: c, label: c, colour: colours[c] }))} />
      {channels.length === 0 ? <Text className='qz-insight-hint'>这段时间没有新成员加入</Text> : null}
      <Table
        className='qz-insight-channel-totals'
        head={['渠道', '加入人数']}
        rows={channels.map((c) => [c, totals.get(c) ?? 0])}
      />
      <Table
        collapsible
        className='qz-insight-growth-table'
        head={['日期', '新成员', ...channels, '退出']}
        rows={days.map((d) => [shortDay(d.day), d.count, ...channels.map((c) => d.byChannel[c] ?? 0), d.left])}
      />
    </View>
  );
}

function Overview({ data }: { data: AnalyticsOverview }) {
  const days = data.members.newByDay;
  const joined = days.reduce((sum, d) => sum + d.count, 0);
  const left = days.reduce((sum, d) => sum + d.left, 0);
  const { active, content } = data;
  return (
    <>
      <View className='qz-card qz-insight-stats'>
        <Stat className='qz-insight-total' label='成员总数' value={data.members.total} />
        <Stat className='qz-insight-joined' label='新加入' value={joined} />
        <Stat className='qz-insight-left' label='退出/移除' value={left} />
        <Stat className='qz-insight-pending' label='待审核' value={data.members.pending} />
      </View>
      <Growth data={data} />
      <View className='qz-card qz-insight-section qz-insight-members'>
        <Text className='qz-section-title'>成员总数变化</Text>
        <Bars
          columns={days.map((d) => ({ day: d.day, segments: [{ key: 'total', value: d.total, colour: BRAND }] }))}
        />
        <Table
          collapsible
          head={['日期', '成员总数', '新加入', '退出']}
          rows={days.map((d) => [shortDay(d.day), d.total, d.count, d.left])}
        />
      </View>
      <View className='qz-card qz-insight-section qz-insight-active'>
        <Text className='qz-section-title'>活跃成员</Text>
        <View className='qz-insight-stats qz-insight-stats--inner'>
          <Stat className='qz-insight-wau' label='周活跃 WAU' value={active.wau} />
          <Stat className='qz-insight-mau' label='月活跃 MAU' value={active.mau} />
          <Stat className='qz-insight-stickiness' label='粘性 DAU/MAU' value={percent(active.stickiness)} />
        </View>
        <Bars
          columns={active.byDay.map((d) => ({ day: d.day, segments: [{ key: 'dau', value: d.dau, colour: BRAND }] }))}
        />
        <Text className='qz-insight-hint'>
          发帖、评论、点赞、投票、报名或签到即算当天活跃；WAU/MAU 为结束日所在的周/月。
        </Text>
        <Table collapsible head={['日期', '日活跃 DAU']} rows={active.byDay.map((d) => [shortDay(d.day), d.dau])} />
      </View>
      <View className='qz-card qz-insight-section qz-insight-content'>
        <Text className='qz-section-title'>每日内容</Text>
        <Bars
          columns={content.byDay.map((d) => ({
            day: d.day,
            segments: [
              { key: 'posts', value: d.posts, colour: BRAND },
              { key: 'comments', value: d.comments, colour: '#F5A623' },
            ],
          }))}
        />
        <Legend
          items={[
            { key: 'posts', label: '动态', colour: BRAND },
            { key: 'comments', label: '评论', colour: '#F5A623' },
          ]}
        />
        <Table
          collapsible
          head={['日期', '动态', '评论', '点赞', '投票', '报名', '签到']}
          rows={content.byDay.map((d) => [
            shortDay(d.day),
            d.posts,
            d.comments,
            d.likes,
            d.votes,
            d.signups,
            d.checkins,
          ])}
        />
      </View>
    </>
  );
}

const MORE = [
  { key: 'channels', label: '渠道效果', hint: '各渠道点击、加入、留存、报名、付费', url: routes.adminInsightChannels },
  { key: 'retention', label: '留存分析', hint: '按加入周和渠道的留存热力表', url: routes.adminInsightRetention },
  { key: 'segments', label: '成员分层', hint: '活跃度分层和关键传播者（KOC）', url: routes.adminInsightSegments },
];

/** Links to the detailed 数据 pages. */
function More({ id }: { id: string }) {
  return (
    <View className='qz-card qz-admin-menu qz-insight-more'>
      {MORE.map((m) => (
        <View
          key={m.key}
          className={`qz-admin-menu__item qz-insight-go-${m.key}`}
          onClick={() => void Taro.navigateTo({ url: m.url({ id }) })}
        >
          <View className='qz-admin-menu__body'>
            <Text className='qz-admin-menu__label'>{m.label}</Text>
            <Text className='qz-admin-menu__hint'>{m.hint}</Text>
          </View>
          <Text className='qz-admin-menu__arrow'>›</Text>
        </View>
      ))}
    </View>
  );
}

/** 数据 (admins): the circle's overview over a chosen range. */
function Insight() {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const [range, setRange] = useState(defaultRange);
  const fetch = useCallback(() => quietApi.analyticsOverview(id, range.range), [id, range]);
  const { load, reload } = useLoad(fetch, { enabled: admin.isAdmin });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));

  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error') body = <ErrorState message={load.message} onRetry={() => void reload()} />;
  else body = <Overview data={load.data} />;
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <More id={id} />
      <RangePicker value={range} onChange={setRange} />
      {body}
    </AdminGate>
  );
}

export default function InsightPage() {
  return (
    <View className='qz-page qz-admin-insight'>
      <RequireLogin>
        <Insight />
      </RequireLogin>
    </View>
  );
}
