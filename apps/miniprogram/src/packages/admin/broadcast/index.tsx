import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { BroadcastDetail } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { useAudienceChoices } from '../hooks/useAudienceChoices';
import { PUSH_ERROR_LABEL, SKIP_LABEL, STATUS_LABEL, audienceSentence, shanghaiTime } from '../services/broadcasts';
import '../components/admin.css';
import '../components/broadcasts.css';

function Stat({ label, value, name }: { label: string; value: number; name: string }) {
  return (
    <View className={`qz-broadcast-stat qz-broadcast-stat--${name}`}>
      <Text className='qz-broadcast-stat__value'>{value}</Text>
      <Text className='qz-broadcast-stat__label'>{label}</Text>
    </View>
  );
}

function Detail({ b, onCancel, cancelling }: { b: BroadcastDetail; onCancel: () => void; cancelling: boolean }) {
  const { stats } = b;
  // Names of the tags, event and poll the audience names (a deleted one shows as a short id).
  const choices = useAudienceChoices(b.circleId, true);
  const short = (id: string) => `#${id.slice(-4)}`;
  const names = {
    tag: (id: string) => choices.tags.find((t) => t.id === id)?.name ?? short(id),
    event: (id: string) => choices.events.find((e) => e.id === id)?.title ?? short(id),
    poll: (id: string) => choices.polls.find((p) => p.id === id)?.title ?? short(id),
  };
  const reasons = [
    ...Object.entries(stats.skipped).map(([k, n]) => `${SKIP_LABEL[k] ?? k} ${n} 人`),
    ...Object.entries(stats.subscribeErrors).map(
      ([k, n]) => `微信提醒未送达：${PUSH_ERROR_LABEL[k] ?? `错误码 ${k}`} ${n} 人`,
    ),
  ];
  return (
    <View>
      <View className='qz-card qz-broadcast-detail'>
        <View className='qz-broadcast-row__head'>
          <Text className='qz-broadcast-row__title'>{b.title}</Text>
          <Text className={`qz-broadcast-status qz-broadcast-status--${b.status}`}>{STATUS_LABEL[b.status]}</Text>
        </View>
        <Text className='qz-broadcast-detail__body'>{b.body}</Text>
        <Text className='qz-broadcast-row__meta'>
          {b.status === 'scheduled' ? '定于' : '发送于'} {shanghaiTime(b.sentAt ?? b.sendAt)}
        </Text>
        <Text className='qz-broadcast-row__meta qz-broadcast-audience'>
          对象：{audienceSentence(b.audience, names)}
        </Text>
      </View>
      <View className='qz-card qz-broadcast-stats'>
        <Stat name='audience' label='目标人数' value={stats.audience} />
        <Stat name='delivered' label='已送达' value={stats.delivered} />
        <Stat name='read' label='已读' value={stats.read} />
        <Stat name='clicked' label='点击链接' value={stats.clicked} />
        <Stat name='subscribe-sent' label='微信提醒' value={stats.subscribeSent} />
        <Stat name='subscribe-failed' label='提醒失败' value={stats.subscribeFailed} />
      </View>
      {stats.subscribeHeld > 0 ? (
        <Text className='qz-broadcast-note'>{stats.subscribeHeld} 人处于免打扰时段，微信提醒将在时段结束后发出。</Text>
      ) : null}
      {reasons.map((r) => (
        <Text key={r} className='qz-broadcast-note qz-broadcast-reason'>
          {r}
        </Text>
      ))}
      {b.status === 'scheduled' ? (
        <Button
          className='qz-btn qz-btn--danger qz-broadcast-cancel'
          loading={cancelling}
          disabled={cancelling}
          onClick={onCancel}
        >
          取消发送
        </Button>
      ) : null}
    </View>
  );
}

function BroadcastDetailView({ id }: { id: string }) {
  const fetch = useCallback(() => quietApi.getBroadcast(id), [id]);
  const { load, reload } = useLoad(fetch);
  const [cancelling, setCancelling] = useState(false);
  const cancel = async () => {
    const ok = await confirm({
      title: '取消群发',
      content: '取消后这条群发不会发出，也不能恢复。',
      confirmText: '取消发送',
      danger: true,
    });
    if (!ok) return;
    setCancelling(true);
    try {
      await api.cancelBroadcast(id);
      toastDone('已取消');
      await reload();
    } catch {
      // Toasted by the http layer.
    } finally {
      setCancelling(false);
    }
  };
  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  return <Detail b={load.data} cancelling={cancelling} onCancel={() => void cancel()} />;
}

export default function BroadcastPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-broadcast'>
      <RequireLogin>{id ? <BroadcastDetailView id={id} /> : <ErrorState message='请从群发列表进入' />}</RequireLogin>
    </View>
  );
}
