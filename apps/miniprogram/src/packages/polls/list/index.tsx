import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { PollView } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status';
import { useCircle } from '../../../hooks/useCircle';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { quietApi } from '../../../services/http';
import { isCircleAdmin } from '../../../utils/membership';
import { PollEvents, shanghaiTime, statusText } from '../services';
import '../components/polls.css';

type Filter = 'all' | 'open' | 'closed';
const FILTERS: ChipOption<Filter>[] = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '进行中' },
  { value: 'closed', label: '已结束' },
];

function PollCard({ poll }: { poll: PollView }) {
  return (
    <View
      className='qz-card qz-poll-card'
      data-poll-id={poll.id}
      onClick={() => void Taro.navigateTo({ url: routes.pollAnswer({ id: poll.id }) })}
    >
      <View className='qz-poll-card__head'>
        <Text className='qz-poll-card__title'>{poll.title}</Text>
        <Text className='qz-badge qz-badge--brand'>{poll.kind === 'poll' ? '投票' : '问卷'}</Text>
        {poll.anonymous ? <Text className='qz-badge'>匿名</Text> : null}
      </View>
      <Text className='qz-poll-card__meta'>
        <Text className={`qz-poll-status ${poll.closed ? 'qz-poll-status--closed' : ''}`}>{statusText(poll)}</Text>
        {` · ${poll.responseCount} 人参与 · ${poll.questions.length} 题`}
        {poll.closesAt && !poll.closed ? ` · ${shanghaiTime(poll.closesAt)} 截止` : ''}
      </Text>
    </View>
  );
}

function PollList({ circleId }: { circleId: string }) {
  const { load, reload } = useCircle(circleId, true);
  const [filter, setFilter] = useState<Filter>('all');
  const fetchPage = useCallback(
    (cursor?: string) => quietApi.listPolls(circleId, { cursor, status: filter === 'all' ? undefined : filter }),
    [circleId, filter],
  );
  const list = usePagedList(fetchPage);
  useListPage(list, reload);
  const { update, refresh } = list;
  useEffect(() => {
    const onChanged = (poll: PollView) => update((items) => items.map((p) => (p.id === poll.id ? poll : p)));
    const onCreated = (id: string) => {
      if (id === circleId) void refresh();
    };
    Taro.eventCenter.on(PollEvents.changed, onChanged);
    Taro.eventCenter.on(PollEvents.created, onCreated);
    return () => {
      Taro.eventCenter.off(PollEvents.changed, onChanged);
      Taro.eventCenter.off(PollEvents.created, onCreated);
    };
  }, [circleId, update, refresh]);

  const admin = load.status === 'ready' && isCircleAdmin(load.data.myMembership);
  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error') {
    body = (
      <ErrorState
        message={list.errorCode === 403 ? '加入圈子后才能参与投票问卷' : (list.error ?? '')}
        onRetry={() => void list.refresh()}
      />
    );
  } else if (list.items.length === 0) {
    body = (
      <EmptyState
        className='qz-polls-empty'
        glyph='投'
        title='还没有投票问卷'
        hint={admin ? '发起一个投票或问卷，听听圈友的想法。' : '圈主和管理员发起的投票和问卷会出现在这里。'}
      />
    );
  } else {
    body = (
      <View className='qz-poll-list'>
        {list.items.map((p) => (
          <PollCard key={p.id} poll={p} />
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
    <View>
      {admin ? (
        <Button
          className='qz-btn qz-btn--primary qz-poll-create'
          onClick={() => void Taro.navigateTo({ url: routes.pollBuilder({ id: circleId }) })}
        >
          发起投票 / 问卷
        </Button>
      ) : null}
      <Chips className='qz-poll-filter' options={FILTERS} value={filter} onChange={setFilter} />
      {body}
    </View>
  );
}

export default function PollListPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-polls-page'>
      <RequireLogin>{id ? <PollList circleId={id} /> : <ErrorState message='请从圈子主页进入' />}</RequireLogin>
    </View>
  );
}
