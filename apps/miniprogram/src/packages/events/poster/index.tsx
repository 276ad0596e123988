import { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { ApiRoutes } from '@quanzi/contract';
import { useCallback, useState } from 'react';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { useMyInviteCode } from '../../../hooks/useMyInviteCode';
import { useShare } from '../../../hooks/useShare';
import { platform } from '../../../platform';
import { routes } from '../../../routes';
import { apiUrl, quietApi } from '../../../services/http';
import { withBrandApp } from '../../../services/invites';
import { toastText } from '../../../utils/confirm';
import { shareOfEvent } from '../../../utils/share';
import '../components/events.css';

/** The server renders the poster (750×1334 PNG); its code carries my personal invite code. */
function eventPosterUrl(eventId: string, code: string): string {
  return withBrandApp(apiUrl(`${ApiRoutes.eventPoster(eventId)}?code=${encodeURIComponent(code)}`));
}

function EventPoster({ id }: { id: string }) {
  const fetch = useCallback(() => quietApi.getEvent(id), [id]);
  const { load, reload } = useLoad(fetch);
  const event = load.status === 'ready' ? load.data : null;
  const code = useMyInviteCode(event?.circleId, event !== null);
  const [failed, setFailed] = useState(false);
  useShare(event ? shareOfEvent(event, code) : null, { title: '邀你参加活动', path: routes.eventDetail({ id }) });

  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  if (code === undefined) return <LoadingState className='qz-event-poster-loading' />;
  if (code === null) return <ErrorState message='暂时拿不到你的邀请码' onRetry={() => void reload()} />;
  const url = eventPosterUrl(id, code);
  const save = async () => toastText((await platform.saveImage(url)) ? '海报已保存' : '保存失败，请稍后再试');
  return (
    <View className='qz-card'>
      <Text className='qz-section-title'>{load.data.title}</Text>
      <Text className='qz-ev-row__hint'>朋友扫海报上的码即可报名，报名会记在你的邀请里</Text>
      <View className='qz-ev-poster qz-event-poster'>
        {failed ? (
          <Text className='qz-ev-row__hint'>海报暂时无法生成，可以先分享活动</Text>
        ) : (
          <Image
            className='qz-ev-poster__image'
            src={url}
            mode='aspectFit'
            showMenuByLongpress
            onError={() => setFailed(true)}
          />
        )}
      </View>
      {failed ? null : (
        <Button className='qz-btn qz-btn--primary qz-event-poster-save' onClick={() => void save()}>
          {platform.name === 'h5' ? '下载海报' : '保存到相册'}
        </Button>
      )}
      <Button className='qz-btn qz-btn--ghost qz-event-poster-share' openType='share'>
        分享给好友
      </Button>
    </View>
  );
}

export default function EventPosterPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-event-poster-page'>
      <RequireLogin>{id ? <EventPoster id={id} /> : <ErrorState message='缺少活动参数' />}</RequireLogin>
    </View>
  );
}
