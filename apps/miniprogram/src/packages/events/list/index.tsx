import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { useCallback } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useCircle } from '../../../hooks/useCircle';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { quietApi } from '../../../services/http';
import { isCircleAdmin } from '../../../utils/membership';
import { EventCard } from '../components/EventCard';
import '../components/events.css';

function EventList({ circleId }: { circleId: string }) {
  const { token } = useAuth();
  const circle = useCircle(circleId, token !== null);
  const admin = circle.load.status === 'ready' && isCircleAdmin(circle.load.data.myMembership);
  const fetchPage = useCallback((cursor?: string) => quietApi.listEvents(circleId, { cursor }), [circleId]);
  const list = usePagedList(fetchPage);
  useListPage(list);
  useDidShow(() => {
    if (list.status === 'ready') void list.refresh();
  });

  return (
    <View>
      {admin ? (
        <Button
          className='qz-btn qz-btn--primary qz-event-create'
          onClick={() => void Taro.navigateTo({ url: routes.eventCreate({ circleId }) })}
        >
          发起活动
        </Button>
      ) : null}
      {list.status === 'loading' ? <LoadingState /> : null}
      {list.status === 'error' ? <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} /> : null}
      {list.status === 'ready' && list.items.length === 0 ? (
        <EmptyState
          glyph='活'
          title='还没有活动'
          hint={admin ? '点击「发起活动」创建第一场活动' : '圈主发起活动后会出现在这里'}
        />
      ) : null}
      {list.items.map((e) => (
        <EventCard key={e.id} e={e} onOpen={() => void Taro.navigateTo({ url: routes.eventDetail({ id: e.id }) })} />
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

export default function EventListPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-events-page'>
      <RequireLogin>
        {params.circleId ? (
          <EventList circleId={params.circleId} />
        ) : (
          <ErrorState message='缺少圈子参数，请从圈子主页进入' />
        )}
      </RequireLogin>
    </View>
  );
}
