import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { RegistrationStatusLabels } from '@quanzi/contract';
import { useCallback } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { quietApi } from '../../../services/http';
import { eventRange, priceLabel } from '../services/format';
import '../components/events.css';

function Tickets() {
  const { token } = useAuth();
  const fetchPage = useCallback((cursor?: string) => quietApi.myTickets({ cursor }), []);
  const list = usePagedList(fetchPage, token !== null);
  useListPage(list);
  useDidShow(() => {
    if (list.status === 'ready') void list.refresh();
  });
  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  if (list.items.length === 0)
    return <EmptyState glyph='票' title='还没有门票' hint='报名活动后，电子票会出现在这里，签到时出示即可。' />;
  return (
    <View>
      {list.items.map((t) => (
        <View
          key={t.id}
          className='qz-card qz-ev-card qz-my-ticket'
          onClick={() => void Taro.navigateTo({ url: routes.ticket({ id: t.id }) })}
        >
          <Text className='qz-ev-card__title'>{t.event.title}</Text>
          <View>
            <Text className={`qz-ev-badge ${t.status === 'confirmed' ? 'qz-ev-badge--ok' : 'qz-ev-badge--muted'}`}>
              {RegistrationStatusLabels[t.status]}
            </Text>
            <Text className='qz-ev-badge qz-ev-badge--muted'>
              {t.ticketTypeName} · {priceLabel(t.priceFen)}
            </Text>
          </View>
          <Text className='qz-ev-card__meta'>{eventRange(t.event)}</Text>
          {t.status === 'confirmed' ? (
            <Button
              className='qz-btn qz-btn--ghost qz-ticket-chat'
              size='mini'
              onClick={(ev) => {
                ev.stopPropagation();
                void Taro.navigateTo({ url: routes.eventChat({ id: t.event.id }) });
              }}
            >
              聊天室
            </Button>
          ) : null}
        </View>
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

export default function TicketsPage() {
  return (
    <View className='qz-page qz-tickets-page'>
      <RequireLogin>
        <Tickets />
      </RequireLogin>
    </View>
  );
}
