import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { EventFunnelView } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { SearchBox } from '../../../components/SearchBox';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { quietApi } from '../../../services/http';
import '../components/events.css';
import '../components/funnel.css';

const STEPS: { key: keyof EventFunnelView; label: string }[] = [
  { key: 'viewed', label: '浏览' },
  { key: 'signedUp', label: '报名' },
  { key: 'confirmed', label: '报名成功' },
  { key: 'paid', label: '已付款' },
  { key: 'checkedIn', label: '签到' },
];

/** Each step as a bar against the first, with its count and the share kept from the step before. */
function Funnel({ data }: { data: EventFunnelView }) {
  const top = Math.max(1, data.viewed);
  // Free events (or no payment yet) have no 已付款 step: check-ins then follow 报名成功.
  const steps = data.paid > 0 ? STEPS : STEPS.filter((s) => s.key !== 'paid');
  return (
    <View className='qz-card qz-funnel'>
      {steps.map((s, i) => {
        const prev = i === 0 ? null : data[steps[i - 1].key];
        return (
          <View key={s.key} className={`qz-funnel__step qz-funnel-${s.key}`}>
            <Text className='qz-funnel__label'>{s.label}</Text>
            <View className='qz-funnel__track'>
              <View className='qz-funnel__fill' style={{ width: `${(data[s.key] / top) * 100}%` }} />
            </View>
            <Text className='qz-funnel__count'>{data[s.key]} 人</Text>
            <Text className='qz-funnel__rate'>
              {prev === null ? '' : prev ? `${Math.round((data[s.key] / prev) * 100)}%` : '—'}
            </Text>
          </View>
        );
      })}
      <Text className='qz-funnel__note'>
        人数按人去重；百分比为相对上一步的转化。没有人付款时不显示「已付款」一步。
      </Text>
    </View>
  );
}

/** 报名漏斗 of one event (its circle's admins), optionally only people who came through one invite code. */
function EventFunnel({ id }: { id: string }) {
  const [inviteCode, setInviteCode] = useState('');
  const fetch = useCallback(() => quietApi.eventFunnel(id, { inviteCode: inviteCode || undefined }), [id, inviteCode]);
  const { load, reload } = useLoad(fetch);
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  return (
    <View>
      <SearchBox
        className='qz-funnel-code'
        placeholder='按邀请码筛选（可选）'
        onSearch={(q) => setInviteCode(q.trim())}
      />
      {load.status === 'loading' ? <LoadingState /> : null}
      {load.status === 'error' ? <ErrorState message={load.message} onRetry={() => void reload()} /> : null}
      {load.status === 'ready' ? <Funnel data={load.data} /> : null}
    </View>
  );
}

export default function FunnelPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-event-funnel'>
      <RequireLogin>{id ? <EventFunnel id={id} /> : <ErrorState message='请从活动报名名单进入' />}</RequireLogin>
    </View>
  );
}
