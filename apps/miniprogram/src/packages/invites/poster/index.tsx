import Taro, { usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { Avatar } from '../../../components/Avatar';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useCircle } from '../../../hooks/useCircle';
import { useLoad } from '../../../hooks/useLoad';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { quietApi } from '../../../services/http';
import { inviteLink, posterUrl } from '../../../services/invites';
import { platform } from '../../../platform';
import { toastDone, toastText } from '../../../utils/confirm';
import '../components/invites.css';
import { PrivacySheet } from '../../../components/PrivacySheet';

/** 邀请好友: my personal link (stable code), share card, poster, my invite count and rank. */
function InviteFriends({ id }: { id: string }) {
  const { token } = useAuth();
  const { load: circleLoad } = useCircle(id, token !== null);
  const circle = circleLoad.status === 'ready' ? circleLoad.data : null;
  const [posterFailed, setPosterFailed] = useState(false);

  const fetchInvite = useCallback(async () => {
    const [invite, board] = await Promise.all([quietApi.myInvite(id), quietApi.referralLeaderboard(id)]);
    return { invite, board };
  }, [id]);
  const { load, reload: fetchAll } = useLoad(fetchInvite);
  usePullDownRefresh(() => void fetchAll().finally(() => Taro.stopPullDownRefresh()));

  const code = load.status === 'ready' ? load.data.invite.code : null;
  useShareAppMessage(() => ({
    title: circle ? `邀请你加入「${circle.name}」` : '邀请你加入圈子',
    path: code ? routes.inviteLanding({ code }) : routes.circle({ id }),
  }));

  if (load.status === 'loading') return <LoadingState className='qz-invite-loading' />;
  if (load.status === 'error')
    return <ErrorState className='qz-invite-error' message={load.message} onRetry={() => void fetchAll()} />;
  const { invite, board } = load.data;
  const link = inviteLink(invite.code);

  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: link });
      toastDone('已复制');
    } catch {
      toastText('复制失败，请长按选择文字');
    }
  };
  const save = async () =>
    toastText((await platform.saveImage(posterUrl(invite.code))) ? '海报已保存' : '保存失败，请稍后再试');

  return (
    <View>
      <View className='qz-card qz-invite-stats'>
        <View>
          <Text className='qz-invite-stats__value qz-invite-count'>{board.me.joins}</Text>
          <Text className='qz-invite-stats__label'>已邀请加入</Text>
        </View>
        <View>
          <Text className='qz-invite-stats__value qz-invite-rank'>{board.me.rank ?? '—'}</Text>
          <Text className='qz-invite-stats__label'>邀请排名</Text>
        </View>
      </View>

      <View className='qz-card'>
        <Text className='qz-section-title'>我的邀请码</Text>
        <Text className='qz-invite-code qz-my-invite-code'>{invite.code}</Text>
        <Text className='qz-landing__meta qz-my-invite-link'>{link}</Text>
        <View className='qz-invite-actions'>
          <Button className='qz-btn qz-btn--primary qz-btn--small qz-invite-share' openType='share'>
            分享给好友
          </Button>
          <Button className='qz-btn qz-btn--ghost qz-btn--small qz-invite-copy' onClick={() => void copy()}>
            复制链接
          </Button>
        </View>
      </View>

      {/* Poster: rendered by the server at GET /api/invites/:code/poster.png (posters module). */}
      <View className='qz-card'>
        <Text className='qz-section-title'>邀请海报</Text>
        <View className='qz-poster-slot qz-invite-poster'>
          {posterFailed ? (
            <Text className='qz-landing__meta'>海报暂时无法生成，可以先分享链接</Text>
          ) : (
            <Image
              className='qz-poster-slot__image'
              src={posterUrl(invite.code)}
              mode='aspectFit'
              showMenuByLongpress
              onError={() => setPosterFailed(true)}
            />
          )}
        </View>
        {posterFailed ? null : (
          <Button className='qz-btn qz-btn--ghost qz-landing__join qz-invite-save' onClick={() => void save()}>
            {platform.name === 'h5' ? '下载海报' : '保存到相册'}
          </Button>
        )}
      </View>

      <View className='qz-card qz-leaderboard'>
        <Text className='qz-section-title'>邀请排行榜</Text>
        {board.items.length === 0 ? (
          <Text className='qz-landing__meta qz-leaderboard-empty'>还没有人通过邀请加入，做第一个吧</Text>
        ) : (
          board.items.slice(0, 10).map((entry) => (
            <View key={entry.user.id} className='qz-leaderboard__row qz-leaderboard-row'>
              <Text className='qz-leaderboard__rank'>{entry.rank}</Text>
              <Avatar url={entry.user.avatarUrl} nickname={entry.user.nickname} />
              <Text className='qz-leaderboard__name'>{entry.user.nickname}</Text>
              <Text>{entry.joins} 人</Text>
            </View>
          ))
        )}
      </View>
    </View>
  );
}

export default function InvitePosterPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-invite-friends'>
      <RequireLogin>
        {id ? <InviteFriends id={id} /> : <ErrorState message='请从圈子主页的「邀请好友」进入' />}
      </RequireLogin>
      <PrivacySheet />
    </View>
  );
}
