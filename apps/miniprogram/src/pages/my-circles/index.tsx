import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useCallback, useRef } from 'react';
import { CircleCard } from '../../components/CircleCard';
import { EmptyState } from '../../components/EmptyState';
import { RequireLogin } from '../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../components/Status';
import { useListPage } from '../../hooks/useListPage';
import { usePagedList } from '../../hooks/usePagedList';
import { routes } from '../../routes';
import { useAuth } from '../../services/auth';
import { openCircle } from '../../services/circles';
import { quietApi } from '../../services/http';
import { useUnreadBadge } from '../../services/unread';

function MyCirclesList() {
  const { token } = useAuth();
  const fetchPage = useCallback((cursor?: string) => quietApi.myCircles({ cursor }), []);
  const list = usePagedList(fetchPage, token !== null);
  const hidden = useRef(false);
  useListPage(list);
  // Joins and leaves happen on other pages: reload whenever the tab comes back.
  useDidShow(() => {
    if (hidden.current && list.status !== 'loading') void list.refresh();
    hidden.current = false;
  });
  useDidHide(() => {
    hidden.current = true;
  });

  if (list.status === 'loading') return <LoadingState className='qz-my-circles-loading' />;
  if (list.status === 'error') {
    return (
      <ErrorState className='qz-my-circles-error' message={list.error ?? ''} onRetry={() => void list.refresh()} />
    );
  }
  if (list.items.length === 0) {
    return (
      <EmptyState
        className='qz-my-circles-empty'
        glyph='圈'
        title='你还没有加入圈子'
        hint='加入感兴趣的圈子，和圈友一起交流、参加活动。'
        actionText='去发现'
        onAction={() => void Taro.switchTab({ url: routes.discover() })}
      />
    );
  }
  return (
    <View className='qz-my-circles-list'>
      {list.items.map((circle) => (
        <CircleCard key={circle.id} circle={circle} onOpen={(c) => openCircle(c.id)} />
      ))}
      <PagedListFooter list={list} />
    </View>
  );
}

export default function MyCirclesPage() {
  useUnreadBadge();
  return (
    <View className='qz-page qz-my-circles'>
      <RequireLogin>
        <MyCirclesList />
      </RequireLogin>
    </View>
  );
}
