import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useRef } from 'react';
import type { BroadcastView } from '@quanzi/contract';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { quietApi } from '../../../services/http';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { STATUS_LABEL, shanghaiTime } from '../services/broadcasts';
import '../components/admin.css';
import '../components/broadcasts.css';

function BroadcastRow({ b, circleId }: { b: BroadcastView; circleId: string }) {
  return (
    <View
      className='qz-card qz-broadcast-row'
      data-broadcast-id={b.id}
      onClick={() => void Taro.navigateTo({ url: routes.adminBroadcast({ id: b.id, circleId }) })}
    >
      <View className='qz-broadcast-row__head'>
        <Text className='qz-broadcast-row__title'>{b.title}</Text>
        <Text className={`qz-broadcast-status qz-broadcast-status--${b.status}`}>{STATUS_LABEL[b.status]}</Text>
      </View>
      <Text className='qz-broadcast-row__meta'>
        {b.status === 'scheduled' ? `定于 ${shanghaiTime(b.sendAt)}` : shanghaiTime(b.sentAt ?? b.sendAt)} ·{' '}
        {b.audienceCount} 人
      </Text>
    </View>
  );
}

function Broadcasts({ id }: { id: string }) {
  const admin = useAdminCircle();
  const fetchPage = useCallback((cursor?: string) => quietApi.listBroadcasts(id, { cursor }), [id]);
  const list = usePagedList(fetchPage, admin.isAdmin);
  useListPage(list, admin.reload);
  // Back from the composer or a cancelled broadcast: show the list as it is now.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.refresh();
    shown.current = true;
  });

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0) {
    body = (
      <EmptyState
        className='qz-broadcasts-empty'
        glyph='群'
        title='还没有群发'
        hint='按标签、活动报名、投票参与等条件挑选成员，把通知送到他们的「消息」里。'
      />
    );
  } else {
    body = (
      <View className='qz-broadcasts-list'>
        {list.items.map((b) => (
          <BroadcastRow key={b.id} b={b} circleId={id} />
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
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <Button
        className='qz-btn qz-btn--primary qz-broadcasts-new'
        onClick={() => void Taro.navigateTo({ url: routes.adminBroadcastCompose({ id }) })}
      >
        新建群发
      </Button>
      {body}
    </AdminGate>
  );
}

export default function BroadcastsPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-broadcasts'>
      <RequireLogin>{id ? <Broadcasts id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
