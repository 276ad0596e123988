import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { parseEventPosterScene, RegistrationStatusLabels } from '@quanzi/contract';
import { useCallback } from 'react';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useCircle } from '../../../hooks/useCircle';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { isCircleAdmin } from '../../../utils/membership';
import { ApiError, api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { eventRange, eventStatusLabel, eventTime, priceLabel } from '../services/format';
import { useLoad } from '../../../hooks/useLoad';
import { useShare } from '../../../hooks/useShare';
import { shareOfEvent } from '../../../utils/share';
import { SignupForm } from '../components/SignupForm';
import { PublicEvent } from '../components/PublicEvent';
import { useDoorCounts } from '../hooks/useDoorCounts';
import '../components/events.css';

function Detail({ id, inviteCode }: { id: string; inviteCode?: string }) {
  const { token } = useAuth();
  const fetch = useCallback(() => quietApi.getEvent(id), [id]);
  const { load, reload, set } = useLoad(fetch, { enabled: token !== null, keepOnError: true });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useDidShow(() => {
    if (load.status === 'ready') void reload();
  });
  useShare(load.status === 'ready' ? shareOfEvent(load.data) : null, {
    title: '邀你参加活动',
    path: routes.eventDetail({ id }),
  });
  if (load.status === 'loading') return <LoadingState />;
  // Not a member (or only a pending one): the outsider's page, with its one-step signup.
  if (load.status === 'error' && load.error instanceof ApiError && load.error.status === 403)
    return <PublicEvent id={id} inviteCode={inviteCode} />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  const e = load.data;
  const live = e.myRegistrations.filter((r) => r.status !== 'cancelled');

  const cancelEvent = async () => {
    const ok = await confirm({
      title: '取消活动',
      content: '取消后不能再报名和签到，已报名的成员会收到通知。确定取消吗？',
      confirmText: '取消活动',
      danger: true,
    });
    if (!ok) return;
    try {
      set(await api.cancelEvent(e.id));
      toastDone('活动已取消');
    } catch {
      // Toasted by the http layer.
    }
  };

  return (
    <View>
      {e.coverUrl ? <Image className='qz-ev-cover' src={e.coverUrl} mode='aspectFill' /> : null}
      <View className='qz-card qz-ev-card'>
        <Text className='qz-ev-card__title qz-event-title'>{e.title}</Text>
        <View>
          <Text className={`qz-ev-badge ${e.status === 'published' ? '' : 'qz-ev-badge--muted'}`}>
            {eventStatusLabel[e.status]}
          </Text>
          {e.requireApproval ? <Text className='qz-ev-badge qz-ev-badge--muted'>需审核</Text> : null}
        </View>
        <Text className='qz-ev-card__meta qz-event-time'>时间：{eventRange(e)}（北京时间）</Text>
        {e.mode === 'offline' ? (
          <Text className='qz-ev-card__meta qz-event-place'>地点：{e.location}</Text>
        ) : (
          <Text className='qz-ev-card__meta qz-event-place'>线上活动：{e.onlineUrl ?? '报名成功后可见链接'}</Text>
        )}
        {e.signupDeadline ? (
          <Text className='qz-ev-card__meta'>
            报名截止：{eventRange({ startAt: e.signupDeadline, endAt: e.signupDeadline }).split(' – ')[0]}
          </Text>
        ) : null}
        {e.refundDeadline && e.ticketTypes.some((t) => t.priceFen > 0) ? (
          <Text className='qz-ev-card__meta qz-event-refund-deadline'>
            退款截止：{eventTime(e.refundDeadline)}（之前取消全额退款，之后不退款）
          </Text>
        ) : null}
        {e.description ? <Text className='qz-ev-card__meta qz-event-description'>{e.description}</Text> : null}
      </View>

      {live.length > 0 ? (
        <View className='qz-card qz-my-registrations'>
          <Text className='qz-section-title'>我的报名</Text>
          {live.map((r) => (
            <View
              key={r.id}
              className='qz-ev-row qz-my-registration'
              onClick={() => void Taro.navigateTo({ url: routes.ticket({ id: r.id }) })}
            >
              <Text className='qz-ev-row__name'>
                {r.ticketTypeName} · {priceLabel(r.priceFen)}
              </Text>
              <Text className='qz-ev-badge qz-registration-status'>{RegistrationStatusLabels[r.status]} ›</Text>
            </View>
          ))}
        </View>
      ) : null}

      {e.status === 'published' ? (
        <SignupForm
          inviteCode={inviteCode}
          event={e}
          onDone={(r) => {
            toastDone(r.status === 'waitlisted' ? '已加入候补' : '报名成功');
            void Taro.navigateTo({ url: routes.ticket({ id: r.id }) });
          }}
        />
      ) : (
        <View className='qz-card'>
          <Text className='qz-ev-row__hint'>
            {e.status === 'draft' ? '活动还是草稿，发布后成员才能报名' : '活动已停止报名'}
          </Text>
        </View>
      )}

      {e.status === 'published' ? (
        <View className='qz-card qz-ev-actions'>
          <Button
            className='qz-btn qz-btn--ghost qz-go-event-poster'
            onClick={() => void Taro.navigateTo({ url: routes.eventPoster({ id: e.id }) })}
          >
            活动海报
          </Button>
        </View>
      ) : null}

      {e.canCheckIn || live.some((r) => r.status === 'confirmed') ? (
        <View className='qz-card qz-ev-actions'>
          <Button
            className='qz-btn qz-btn--ghost qz-go-chat'
            onClick={() => void Taro.navigateTo({ url: routes.eventChat({ id: e.id }) })}
          >
            聊天室
          </Button>
        </View>
      ) : null}
      {e.canCheckIn && e.status !== 'cancelled' ? (
        <View className='qz-card qz-ev-actions qz-event-admin'>
          <Button
            className='qz-btn qz-btn--primary qz-go-checkin'
            onClick={() => void Taro.navigateTo({ url: routes.checkin({ id: e.id }) })}
          >
            扫码签到
          </Button>
        </View>
      ) : null}
      <AdminTools circleId={e.circleId} eventId={e.id} status={e.status} onCancel={() => void cancelEvent()} />
    </View>
  );
}

/** Circle admins only: counts, attendee list, edit, cancel. */
function AdminTools({
  circleId,
  eventId,
  status,
  onCancel,
}: {
  circleId: string;
  eventId: string;
  status: string;
  onCancel: () => void;
}) {
  const circle = useCircle(circleId, true);
  const isAdmin = circle.load.status === 'ready' && isCircleAdmin(circle.load.data.myMembership);
  const fetch = useCallback(() => quietApi.eventStats(eventId), [eventId]);
  const { load } = useLoad(fetch, { enabled: isAdmin, keepOnError: true });
  const door = useDoorCounts(eventId, isAdmin);
  if (!isAdmin || load.status !== 'ready') return null;
  const s = door.counts ?? load.data;
  return (
    <View className='qz-card qz-event-manage'>
      <Text className='qz-section-title'>活动管理</Text>
      <Text className='qz-ev-row__hint qz-event-stats'>
        已报名 {s.registered} · 已签到 {s.checkedIn}
      </Text>
      <View className='qz-ev-actions'>
        <Button
          className='qz-btn qz-btn--ghost qz-go-attendees'
          onClick={() => void Taro.navigateTo({ url: routes.attendees({ id: eventId }) })}
        >
          报名名单
        </Button>
        {status !== 'cancelled' ? (
          <Button
            className='qz-btn qz-btn--ghost qz-go-edit'
            onClick={() => void Taro.navigateTo({ url: routes.eventEdit({ id: eventId }) })}
          >
            编辑活动
          </Button>
        ) : null}
        {status === 'draft' || status === 'published' ? (
          <Button className='qz-btn qz-btn--danger qz-cancel-event' onClick={onCancel}>
            取消活动
          </Button>
        ) : null}
      </View>
    </View>
  );
}

export default function EventDetailPage() {
  const { params } = useRouter();
  const { token } = useAuth();
  // An event poster's mini-program code opens this page with `scene` = event id + sharer's code.
  const fromPoster = params.scene ? parseEventPosterScene(decodeURIComponent(params.scene)) : null;
  const id = params.id ?? fromPoster?.eventId;
  const inviteCode = params.inviteCode ?? fromPoster?.inviteCode;
  return (
    <View className='qz-page qz-event-detail'>
      {!id ? (
        <ErrorState message='缺少活动参数' />
      ) : token ? (
        <Detail id={id} inviteCode={inviteCode} />
      ) : (
        <PublicEvent id={id} inviteCode={inviteCode} />
      )}
    </View>
  );
}
