import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { NotificationView } from '@quanzi/contract';
import { useCallback, useRef, useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { quietApi } from '../../../services/http';
import { unreadStore, useUnread } from '../../../services/unread';
import { timeAgo } from '../../../utils/format';
import { KindMeta } from '../components/kinds';
import '../components/inbox.css';

const TAB_PAGES = [routes.discover(), routes.myCircles(), routes.me()];

/** Opens an item's page: tab pages need switchTab, the rest are pushed. */
function open(link: string): void {
  const path = link.split('?')[0];
  if (TAB_PAGES.includes(path)) void Taro.switchTab({ url: path });
  else void Taro.navigateTo({ url: link });
}

function Item({ item, onTap }: { item: NotificationView; onTap: (item: NotificationView) => void }) {
  const meta = KindMeta[item.kind] ?? { glyph: '信', label: '通知' };
  const unread = item.readAt === null;
  return (
    <View className={`qz-card qz-inbox-item ${unread ? 'qz-inbox-item--unread' : ''}`} onClick={() => onTap(item)}>
      <View className='qz-inbox-item__icon'>
        <Text>{meta.glyph}</Text>
        {unread ? <View className='qz-inbox-item__dot' /> : null}
      </View>
      <View className='qz-inbox-item__main'>
        <View className='qz-inbox-item__head'>
          <Text className='qz-inbox-item__kind'>{meta.label}</Text>
          <Text className='qz-inbox-item__time'>{timeAgo(item.createdAt)}</Text>
        </View>
        <Text className='qz-inbox-item__title'>{item.title}</Text>
        {item.body ? <Text className='qz-inbox-item__body'>{item.body}</Text> : null}
      </View>
    </View>
  );
}

function Inbox() {
  const { token } = useAuth();
  const unread = useUnread();
  const [marking, setMarking] = useState(false);
  const fetchPage = useCallback(async (cursor?: string) => {
    const page = await quietApi.myNotifications({ cursor });
    unreadStore.set(page.unread);
    return page;
  }, []);
  const list = usePagedList(fetchPage, token !== null);
  useListPage(list);
  // Back from an item's page: show what was read meanwhile.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && list.status === 'ready') void list.refresh();
    shown.current = true;
  });

  const markRead = (ids: string[] | 'all') => {
    const at = new Date().toISOString();
    list.update((items) =>
      items.map((n) => (n.readAt === null && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: at } : n)),
    );
    return quietApi
      .markNotificationsRead(ids === 'all' ? { all: true } : { ids })
      .then((res) => unreadStore.set(res.unread));
  };

  const tap = async (item: NotificationView) => {
    // Marked before leaving, so the count is right when the member comes back; a failure still opens the page.
    // Opening a link counts as a click-through (broadcast stats) and marks the item read on the server.
    if (item.link) {
      await clickThrough(item).catch(() => undefined);
      open(item.link);
    } else if (item.readAt === null) await markRead([item.id]).catch(() => undefined);
  };

  const clickThrough = (item: NotificationView) => {
    const at = new Date().toISOString();
    list.update((items) => items.map((n) => (n.id === item.id && n.readAt === null ? { ...n, readAt: at } : n)));
    return quietApi.clickNotification(item.id).then((res) => unreadStore.set(res.unread));
  };

  const markAll = async () => {
    setMarking(true);
    try {
      await markRead('all');
    } catch {
      void Taro.showToast({ title: '操作失败，请稍后再试', icon: 'none' });
      void list.refresh();
    } finally {
      setMarking(false);
    }
  };

  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  return (
    <View>
      <View className='qz-inbox-bar'>
        <Text className='qz-inbox-bar__count'>{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
        <Button
          className='qz-btn qz-btn--plain qz-btn--small qz-inbox-bar__btn qz-inbox-settings'
          onClick={() => void Taro.navigateTo({ url: routes.notificationSettings() })}
        >
          通知设置
        </Button>
        <Button
          className='qz-btn qz-btn--ghost qz-btn--small qz-inbox-bar__btn qz-inbox-read-all'
          disabled={unread === 0 || marking}
          loading={marking}
          onClick={() => void markAll()}
        >
          全部已读
        </Button>
      </View>
      {list.items.length === 0 ? (
        <EmptyState glyph='信' title='暂无消息' hint='报名结果、活动提醒、评论回复等会出现在这里。' />
      ) : (
        <View>
          {list.items.map((n) => (
            <Item key={n.id} item={n} onTap={(it) => void tap(it)} />
          ))}
          <ListFooter
            count={list.items.length}
            loadingMore={list.loadingMore}
            moreFailed={list.moreFailed}
            hasMore={list.hasMore}
            onLoadMore={() => void list.loadMore()}
          />
        </View>
      )}
    </View>
  );
}

export default function InboxPage() {
  return (
    <View className='qz-page qz-inbox-page'>
      <RequireLogin>
        <Inbox />
      </RequireLogin>
    </View>
  );
}
