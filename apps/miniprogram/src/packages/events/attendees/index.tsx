import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import {
  EventLimits,
  RegistrationStatusLabels,
  type RegistrationStatus,
  type RegistrationView,
} from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { api, errorMessage, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { eventTime } from '../services/format';
import { useLoad } from '../../../hooks/useLoad';
import { useDoorCounts } from '../hooks/useDoorCounts';
import { exportAttendees } from '../services/export';
import '../components/events.css';
import { PrivacySheet } from '../../../components/PrivacySheet';

type Filter = RegistrationStatus | 'all';
const FILTERS: ChipOption<Filter>[] = [
  { value: 'all', label: '全部' },
  { value: 'confirmed', label: '已报名' },
  { value: 'checked_in', label: '已签到' },
  { value: 'pending_approval', label: '待审核' },
  { value: 'pending_payment', label: '待支付' },
  { value: 'waitlisted', label: '候补' },
  { value: 'cancelled', label: '已取消' },
];

function Row({ r, onChange }: { r: RegistrationView; onChange: (r: RegistrationView) => void }) {
  const act = async (what: 'approve' | 'reject') => {
    const ok = await confirm({
      title: what === 'approve' ? '通过报名' : '拒绝报名',
      content: `${r.holder.nickname} · ${r.ticketTypeName}`,
      danger: what === 'reject',
    });
    if (!ok) return;
    try {
      onChange(what === 'approve' ? await api.approveRegistration(r.id) : await api.rejectRegistration(r.id));
      toastDone('已处理');
    } catch {
      // Toasted by the http layer.
    }
  };
  return (
    <View className='qz-card qz-attendee'>
      <View className='qz-ev-row'>
        <Text className='qz-ev-row__name'>{r.holder.nickname}</Text>
        <Text className='qz-ev-badge'>{RegistrationStatusLabels[r.status]}</Text>
      </View>
      <Text className='qz-ev-row__hint'>
        {r.ticketTypeName} · 报名于 {eventTime(r.createdAt)}
        {r.checkedInAt ? ` · 签到 ${eventTime(r.checkedInAt)}` : ''}
      </Text>
      {Object.entries(r.answers).map(([k, v]) => (
        <Text key={k} className='qz-ev-row__hint' style={{ display: 'block' }}>
          {k}：{v}
        </Text>
      ))}
      {r.status === 'pending_approval' ? (
        <View className='qz-ev-actions'>
          <Button className='qz-btn qz-btn--small qz-btn--primary' onClick={() => void act('approve')}>
            通过
          </Button>
          <Button className='qz-btn qz-btn--small qz-btn--danger' onClick={() => void act('reject')}>
            拒绝
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function Attendees({ id }: { id: string }) {
  const { token } = useAuth();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Filter>('all');
  const fetchStats = useCallback(() => quietApi.eventStats(id), [id]);
  const stats = useLoad(fetchStats, { enabled: token !== null, keepOnError: true });
  const fetchEvent = useCallback(() => quietApi.getEvent(id), [id]);
  const event = useLoad(fetchEvent, { enabled: token !== null, keepOnError: true });
  const fetchPage = useCallback(
    (cursor?: string) =>
      quietApi.listRegistrations(id, { cursor, q: q || undefined, status: status === 'all' ? undefined : status }),
    [id, q, status],
  );
  const list = usePagedList(fetchPage, token !== null);
  // Checked-in / registered move live while the door scans; waitlisted stays from the HTTP stats.
  const door = useDoorCounts(id, stats.load.status === 'ready');
  useListPage(list, stats.reload);

  const doExport = async () => {
    try {
      await exportAttendees(id, event.load.status === 'ready' ? event.load.data.title : '活动');
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  };

  return (
    <View>
      {stats.load.status === 'ready' ? (
        <View className='qz-card qz-ev-counter qz-attendee-stats'>
          <View>
            <Text className='qz-ev-counter__num qz-live-registered'>
              {door.counts?.registered ?? stats.load.data.registered}
            </Text>
            <Text className='qz-ev-counter__label'>已报名</Text>
          </View>
          <View>
            <Text className='qz-ev-counter__num qz-live-checked-in'>
              {door.counts?.checkedIn ?? stats.load.data.checkedIn}
            </Text>
            <Text className='qz-ev-counter__label'>已签到</Text>
          </View>
          <View>
            <Text className='qz-ev-counter__num'>{stats.load.data.byStatus.waitlisted}</Text>
            <Text className='qz-ev-counter__label'>候补</Text>
          </View>
        </View>
      ) : null}
      {door.counts && door.counts.byTicketType.length > 1 ? (
        <View className='qz-card qz-live-by-type'>
          {door.counts.byTicketType.map((t) => (
            <View key={t.ticketTypeId} className='qz-ev-row'>
              <Text className='qz-ev-row__name'>{t.name}</Text>
              <Text className='qz-ev-row__hint'>
                已签到 {t.checkedIn}/{t.registered}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className='qz-ev-actions' style={{ marginBottom: '24px' }}>
        <Button className='qz-btn qz-btn--ghost qz-export' onClick={() => void doExport()}>
          导出 CSV
        </Button>
        <Button className='qz-btn qz-btn--ghost' onClick={() => void Taro.navigateTo({ url: routes.checkin({ id }) })}>
          扫码签到
        </Button>
        <Button
          className='qz-btn qz-btn--ghost qz-go-funnel'
          onClick={() => void Taro.navigateTo({ url: routes.eventFunnel({ id }) })}
        >
          报名漏斗
        </Button>
      </View>
      <View className='qz-card'>
        <Input
          className='qz-input qz-attendee-search'
          placeholder='搜索昵称或手机号'
          maxlength={EventLimits.searchMax}
          value={draft}
          confirmType='search'
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
      </View>
      <Chips options={FILTERS} value={status} onChange={setStatus} />
      {list.status === 'loading' ? <LoadingState /> : null}
      {list.status === 'error' ? <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} /> : null}
      {list.status === 'ready' && list.items.length === 0 ? (
        <EmptyState glyph='名' title={q || status !== 'all' ? '没有符合条件的报名' : '还没有人报名'} />
      ) : null}
      {list.items.map((r) => (
        <Row
          key={r.id}
          r={r}
          onChange={(next) => list.update((items) => items.map((x) => (x.id === next.id ? next : x)))}
        />
      ))}
      <ListFooter
        count={list.items.length}
        loadingMore={list.loadingMore}
        moreFailed={list.moreFailed}
        hasMore={list.hasMore}
        onLoadMore={() => void list.loadMore()}
      />
    </View>
  );
}

export default function AttendeesPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-attendees-page'>
      <RequireLogin>{params.id ? <Attendees id={params.id} /> : <ErrorState message='缺少活动参数' />}</RequireLogin>
      <PrivacySheet />
    </View>
  );
}
