import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { ErrorCode, type CircleView, type InviteLandingView } from '@quanzi/contract';
import { Avatar } from '../../../components/Avatar';
import { CircleCover } from '../../../components/CircleCover';
import { EmptyState } from '../../../components/EmptyState';
import { LoginPanel } from '../../../components/LoginPanel';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { CircleEvents, goTo } from '../../../services/circles';
import { ApiError, api, quietApi } from '../../../services/http';
import { inviteCodeFrom } from '../../../services/invites';
import { toastDone, toastText } from '../../../utils/confirm';
import { countLabel, joinPolicyLabel } from '../../../utils/format';
import '../components/invites.css';

/** Where an invite leads once the visitor is in: its event or poll, else the circle's home. */
function destination(landing: InviteLandingView): { url: string; label: string } {
  const target = landing.target;
  if (target?.type === 'event')
    return { url: routes.eventDetail({ id: target.id, inviteCode: landing.code }), label: '查看活动' };
  if (target?.type === 'poll')
    return { url: routes.pollAnswer({ id: target.id, inviteCode: landing.code }), label: '参与问卷' };
  return { url: routes.circle({ id: landing.circle.id }), label: '进入圈子' };
}

/** The invite cannot be used any more (revoked, expired, used up) or never existed. */
const isClosed = (err: unknown) =>
  err instanceof ApiError && (err.body.code === ErrorCode.CLOSED || err.status === 404);

/** Opens an invite: public landing info first; joining asks for login and carries the code. */
function Landing({ code }: { code: string }) {
  const { token } = useAuth();
  const fetchLanding = useCallback(() => quietApi.openInvite(code), [code]);
  const { load, reload: open } = useLoad(fetchLanding);
  const [circle, setCircle] = useState<CircleView | null>(null);
  const [wantJoin, setWantJoin] = useState(false);
  const [busy, setBusy] = useState(false);

  // Once logged in, read the circle to know whether the visitor is already a member.
  const circleId = load.status === 'ready' ? load.data.circle.id : null;
  useEffect(() => {
    if (!token || !circleId) return;
    quietApi.getCircle(circleId).then(setCircle, () => setCircle(null));
  }, [token, circleId]);

  const join = useCallback(async () => {
    if (!circleId) return;
    setBusy(true);
    try {
      const membership = await api.joinCircle(circleId, { inviteCode: code });
      if (membership.status === 'active') toastDone('已加入');
      else if (membership.status === 'pending') toastText('已提交申请，等待圈主审核');
      if (circle) Taro.eventCenter.trigger(CircleEvents.changed, { ...circle, myMembership: membership });
      const next =
        load.status === 'ready' && membership.status === 'active'
          ? destination(load.data).url
          : routes.circle({ id: circleId });
      goTo(next, 'redirect');
    } catch {
      // Toasted by the http layer (CLOSED says why).
    } finally {
      setBusy(false);
    }
  }, [circleId, code, circle, load]);

  // A visitor who tapped 加入 before logging in joins as soon as the login completes.
  useEffect(() => {
    if (wantJoin && token && circle) {
      setWantJoin(false);
      if (circle.myMembership?.status !== 'active') void join();
    }
  }, [wantJoin, token, circle, join]);

  if (load.status === 'loading') return <LoadingState className='qz-landing-loading' />;
  if (load.status === 'error' && isClosed(load.error)) {
    return (
      <EmptyState
        className='qz-landing-closed'
        glyph='邀'
        title={load.message}
        hint='请向邀请你的圈友要一个新的邀请链接。'
      />
    );
  }
  if (load.status === 'error')
    return <ErrorState className='qz-landing-error' message={load.message} onRetry={() => void open()} />;

  const landing = load.data;
  const member = circle?.myMembership?.status === 'active';
  const pending = circle?.myMembership?.status === 'pending';
  return (
    <View>
      <View className='qz-card qz-landing__hero'>
        {landing.inviter ? (
          <View className='qz-landing__inviter'>
            <Avatar url={landing.inviter.avatarUrl} nickname={landing.inviter.nickname} />
            <Text className='qz-landing-inviter'>{landing.inviter.nickname} 邀请你加入</Text>
          </View>
        ) : null}
        <CircleCover name={landing.circle.name} coverUrl={landing.circle.coverUrl} size='lg' />
        <Text className='qz-landing__name qz-landing-circle'>{landing.circle.name}</Text>
        <Text className='qz-landing__meta'>
          {countLabel(landing.circle.memberCount)} 位成员 · {joinPolicyLabel[landing.circle.joinPolicy]}
        </Text>
        {landing.circle.description ? <Text className='qz-landing__desc'>{landing.circle.description}</Text> : null}
        {member ? (
          <Button
            className='qz-btn qz-btn--ghost qz-landing__join qz-landing-enter'
            onClick={() => void Taro.redirectTo({ url: destination(landing).url })}
          >
            已加入，{destination(landing).label}
          </Button>
        ) : pending ? (
          <Text className='qz-landing__meta qz-landing-pending'>已申请，等待审核</Text>
        ) : (
          <Button
            className={`qz-btn qz-btn--primary qz-landing__join qz-landing-join ${busy ? 'qz-btn--busy' : ''}`}
            loading={busy}
            disabled={busy}
            onClick={() => (token ? void join() : setWantJoin(true))}
          >
            {landing.circle.joinPolicy === 'approval' ? '申请加入' : '加入圈子'}
          </Button>
        )}
      </View>
      {!token && wantJoin ? <LoginPanel /> : null}
    </View>
  );
}

export default function InviteLandingPage() {
  const code = inviteCodeFrom(useRouter().params);
  return (
    <View className='qz-page qz-invite-landing'>
      {code ? (
        <Landing code={code} />
      ) : (
        <ErrorState className='qz-landing-error' message='邀请链接不完整，请重新打开' />
      )}
    </View>
  );
}
