import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { type EventPublicView, type MyTicketView, type RegistrationView } from '@quanzi/contract';
import { CircleCover } from '../../../components/CircleCover';
import { LoginPanel } from '../../../components/LoginPanel';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { useShare } from '../../../hooks/useShare';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { quietApi } from '../../../services/http';
import { toastDone } from '../../../utils/confirm';
import { countLabel, joinPolicyLabel } from '../../../utils/format';
import { eventRange, eventStatusLabel, priceLabel } from '../services/format';
import { SignupForm } from './SignupForm';

/** My live signup for this event, if any (an outsider cannot read the members-only event). */
async function mySignup(eventId: string): Promise<MyTicketView | null> {
  try {
    const page = await quietApi.myTickets({ limit: 50 });
    return (
      page.items.find((t) => t.eventId === eventId && !['cancelled', 'rejected', 'expired'].includes(t.status)) ?? null
    );
  } catch {
    return null;
  }
}

/** An outsider's signup waits for the admin when it waits for the join request too, or for approval. */
const isWaiting = (r: Pick<RegistrationView, 'status' | 'awaitingMembership'>) =>
  r.awaitingMembership || r.status === 'pending_approval';

/**
 * The event page for someone who is not (yet) a member: the public fields, and a one-step signup
 * (the server joins them to the circle as its policy allows, with `inviteCode` crediting the sharer).
 * Signed out, 报名 asks for login first; the page then reopens as a member or here, signed in.
 */
export function PublicEvent({ id, inviteCode }: { id: string; inviteCode?: string }) {
  const { token } = useAuth();
  const fetch = useCallback(async () => {
    const [event, mine] = await Promise.all([quietApi.getPublicEvent(id), token ? mySignup(id) : null]);
    return { event, mine };
  }, [id, token]);
  const { load, reload, update } = useLoad(fetch);
  const [wantSignup, setWantSignup] = useState(false);
  // Passing the link on keeps the code that brought this visitor (they have no code of their own yet).
  useShare(null, { title: '邀你参加活动', path: routes.eventDetail({ id, inviteCode }) });

  if (load.status === 'loading') return <LoadingState className='qz-public-event-loading' />;
  if (load.status === 'error')
    return <ErrorState className='qz-public-event-error' message={load.message} onRetry={() => void reload()} />;
  const { event: e, mine } = load.data;
  return (
    <View className='qz-public-event'>
      {e.coverUrl ? <Image className='qz-ev-cover' src={e.coverUrl} mode='aspectFill' /> : null}
      <PublicFields event={e} />
      {mine ? (
        <View className='qz-card qz-my-registrations'>
          <Text className='qz-section-title'>我的报名</Text>
          {isWaiting(mine) ? (
            <Text className='qz-ev-row__hint qz-signup-waiting'>等待审核：圈主通过后报名生效，结果会通知你</Text>
          ) : (
            <View
              className='qz-ev-row qz-my-registration'
              onClick={() => void Taro.navigateTo({ url: routes.ticket({ id: mine.id }) })}
            >
              <Text className='qz-ev-row__name'>
                {mine.ticketTypeName} · {priceLabel(mine.priceFen)}
              </Text>
              <Text className='qz-ev-badge qz-registration-status'>查看 ›</Text>
            </View>
          )}
        </View>
      ) : e.status !== 'published' ? (
        <View className='qz-card'>
          <Text className='qz-ev-row__hint'>活动已停止报名</Text>
        </View>
      ) : !token ? (
        wantSignup ? (
          <LoginPanel />
        ) : (
          <View className='qz-card qz-ev-actions'>
            <Button className='qz-btn qz-btn--primary qz-public-signup' onClick={() => setWantSignup(true)}>
              登录后报名
            </Button>
          </View>
        )
      ) : (
        <>
          <SignupHint event={e} inviteCode={inviteCode} />
          <SignupForm
            inviteCode={inviteCode}
            event={e}
            onDone={(r) => {
              if (isWaiting(r)) {
                update((d) => ({ ...d, mine: { ...r, event: e } }));
                return;
              }
              toastDone(r.status === 'waitlisted' ? '已加入候补' : '报名成功');
              void Taro.redirectTo({ url: routes.ticket({ id: r.id }) });
            }}
          />
        </>
      )}
    </View>
  );
}

function PublicFields({ event: e }: { event: EventPublicView }) {
  return (
    <View className='qz-card qz-ev-card'>
      <Text className='qz-ev-card__title qz-event-title'>{e.title}</Text>
      <View>
        <Text className={`qz-ev-badge ${e.status === 'published' ? '' : 'qz-ev-badge--muted'}`}>
          {eventStatusLabel[e.status]}
        </Text>
        {e.priceFromFen !== null ? (
          <Text className='qz-ev-badge qz-event-price-from'>
            {e.priceFromFen === 0 ? '免费' : `${priceLabel(e.priceFromFen)} 起`}
          </Text>
        ) : null}
      </View>
      <Text className='qz-ev-card__meta qz-event-time'>时间：{eventRange(e)}（北京时间）</Text>
      <Text className='qz-ev-card__meta qz-event-place'>
        {e.mode === 'offline' ? `地点：${e.location ?? '待定'}` : '线上活动：报名成功后可见链接'}
      </Text>
      {e.description ? <Text className='qz-ev-card__meta qz-event-description'>{e.description}</Text> : null}
      <View className='qz-public-event__circle'>
        <CircleCover name={e.circle.name} coverUrl={e.circle.coverUrl} />
        <View className='qz-public-event__circle-info'>
          <Text className='qz-ev-row__name qz-public-event-circle'>{e.circle.name}</Text>
          <Text className='qz-ev-row__hint'>
            {countLabel(e.circle.memberCount)} 位成员 · {joinPolicyLabel[e.circle.joinPolicy]}
          </Text>
        </View>
      </View>
    </View>
  );
}

/** What signing up also does: joins the circle (or asks to). */
function SignupHint({ event: e, inviteCode }: { event: EventPublicView; inviteCode?: string }) {
  const text =
    e.circle.joinPolicy === 'approval'
      ? '报名时会同时申请加入圈子，圈主审核通过后报名生效'
      : e.circle.joinPolicy === 'invite' && !inviteCode
        ? '这个圈子仅限邀请加入，请通过成员分享的链接或海报报名'
        : `报名即加入「${e.circle.name}」`;
  return (
    <View className='qz-card'>
      <Text className='qz-ev-row__hint qz-public-signup-hint'>{text}</Text>
    </View>
  );
}
