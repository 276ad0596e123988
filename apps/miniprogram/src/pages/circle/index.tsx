import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CircleView, PostView } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../components/Chips';
import { CircleCover } from '../../components/CircleCover';
import { EmptyState } from '../../components/EmptyState';
import { PostCard } from '../../components/PostCard';
import { RequireLogin } from '../../components/RequireLogin';
import { SearchBox } from '../../components/SearchBox';
import { ErrorState, ListFooter, LoadingState } from '../../components/Status';
import { useCircle } from '../../hooks/useCircle';
import { useListPage } from '../../hooks/useListPage';
import { useShare } from '../../hooks/useShare';
import { usePagedList, type PagedList } from '../../hooks/usePagedList';
import { useAuth } from '../../services/auth';
import { routes } from '../../routes';
import { CircleEvents, joinFromButton, leaveWithConfirm } from '../../services/circles';
import { SubscribePrompt } from '../../components/SubscribePrompt';
import { quietApi } from '../../services/http';
import { managePost } from '../../services/posts';
import { countLabel, joinPolicyLabel } from '../../utils/format';
import { shareOfCircle } from '../../utils/share';
import { isActiveMember, isCircleAdmin, joinAction } from '../../utils/membership';
import './index.css';

/** `all`, `digest`, or `t:<topic>`. */
type FeedFilter = string;

interface HeaderProps {
  circle: CircleView;
  onChange: (circle: CircleView) => void;
}

function CircleHeader({ circle, onChange }: HeaderProps) {
  const [busy, setBusy] = useState(false);
  // Joined (or asked to) from this header just now: the moment to offer WeChat reminders.
  const [justJoined, setJustJoined] = useState(false);
  const action = joinAction(circle);
  const m = circle.myMembership;
  const admin = isCircleAdmin(m);

  const run = async (fn: () => Promise<CircleView | null>) => {
    setBusy(true);
    const next = await fn();
    setBusy(false);
    if (next) onChange(next);
  };

  return (
    <View className='qz-card qz-circle-header'>
      <View className='qz-circle-header__top'>
        <CircleCover name={circle.name} coverUrl={circle.coverUrl} size='lg' />
        <View className='qz-circle-header__who'>
          <Text className='qz-circle-header__name qz-circle-title'>{circle.name}</Text>
          <Text className='qz-circle-header__meta'>
            <Text className='qz-circle-member-count'>{countLabel(circle.memberCount)}</Text> 位成员 ·{' '}
            {joinPolicyLabel[circle.joinPolicy]}
          </Text>
        </View>
      </View>
      <Text className='qz-circle-header__desc qz-circle-description'>{circle.description || '圈主还没有写简介'}</Text>
      <View className='qz-circle-header__actions'>
        {action.kind === 'join' ? (
          <Button
            className={`qz-btn qz-btn--primary qz-btn--small qz-circle-join ${busy ? 'qz-btn--busy' : ''}`}
            loading={busy}
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const next = await joinFromButton(circle);
                if (next) setJustJoined(true);
                return next;
              })
            }
          >
            {action.label}
          </Button>
        ) : null}
        {action.kind === 'pending' ? <Text className='qz-circle-state qz-circle-pending'>已申请，等待审核</Text> : null}
        {action.kind === 'invite-only' ? (
          <Text className='qz-circle-state qz-circle-invite-only'>仅限邀请加入</Text>
        ) : null}
        {action.kind === 'member' ? <Text className='qz-circle-state qz-circle-joined'>已加入</Text> : null}
        {action.kind === 'member' ? (
          <Button
            className='qz-btn qz-btn--ghost qz-btn--small qz-circle-events'
            onClick={() => void Taro.navigateTo({ url: routes.eventList({ circleId: circle.id }) })}
          >
            活动
          </Button>
        ) : null}
        {admin ? (
          <Button
            className='qz-btn qz-btn--ghost qz-btn--small qz-circle-manage'
            onClick={() => void Taro.navigateTo({ url: routes.adminDashboard({ id: circle.id }) })}
          >
            管理
          </Button>
        ) : null}
        {action.kind === 'member' ? (
          <Button
            className='qz-btn qz-btn--ghost qz-btn--small qz-circle-invite'
            onClick={() => void Taro.navigateTo({ url: routes.invitePoster({ id: circle.id }) })}
          >
            邀请好友
          </Button>
        ) : null}
        {action.kind === 'member' && m?.role !== 'owner' ? (
          <Button
            className={`qz-btn qz-btn--plain qz-btn--small qz-circle-leave ${busy ? 'qz-btn--busy' : ''}`}
            disabled={busy}
            onClick={() => void run(() => leaveWithConfirm(circle))}
          >
            退出
          </Button>
        ) : null}
      </View>
      {justJoined ? (
        <SubscribePrompt hint='入圈审核结果和圈子通知会通过微信通知你' className='qz-circle-subscribe' />
      ) : null}
    </View>
  );
}

/** Keeps the feed's copies of posts in step with the detail page and the composer. */
function useFeedEvents(circleId: string, feed: PagedList<PostView>): void {
  const { update, refresh } = feed;
  useEffect(() => {
    const onChanged = (post: PostView) => update((items) => items.map((p) => (p.id === post.id ? post : p)));
    const onDeleted = (postId: string) => update((items) => items.filter((p) => p.id !== postId));
    const onCreated = (id: string) => {
      if (id === circleId) void refresh();
    };
    Taro.eventCenter.on(CircleEvents.postChanged, onChanged);
    Taro.eventCenter.on(CircleEvents.postDeleted, onDeleted);
    Taro.eventCenter.on(CircleEvents.postCreated, onCreated);
    return () => {
      Taro.eventCenter.off(CircleEvents.postChanged, onChanged);
      Taro.eventCenter.off(CircleEvents.postDeleted, onDeleted);
      Taro.eventCenter.off(CircleEvents.postCreated, onCreated);
    };
  }, [circleId, update, refresh]);
}

function CircleHome({ id }: { id: string }) {
  const { token, user } = useAuth();
  const { load, reload, replace } = useCircle(id, token !== null);
  const circle = load.status === 'ready' ? load.data : null;
  const [filter, setFilter] = useState<FeedFilter>('all');
  const [topics, setTopics] = useState<string[]>([]);
  const [q, setQ] = useState('');

  // The membership is part of the query key: joining, approval or leaving re-reads the feed.
  const membershipStatus = circle ? (circle.myMembership?.status ?? 'none') : null;
  const fetchPage = useCallback(
    (cursor?: string) =>
      quietApi.listPosts(id, {
        cursor,
        digest: filter === 'digest' ? true : undefined,
        topic: filter.startsWith('t:') ? filter.slice(2) : undefined,
        q: q || undefined,
      }),
    [id, filter, q, membershipStatus],
  );
  const feed = usePagedList(fetchPage, membershipStatus !== null);
  useListPage(feed, reload);
  useFeedEvents(id, feed);

  useShare(circle ? shareOfCircle(circle) : null, { title: '来圈子看看', path: routes.circle({ id }) });

  const title = circle?.name;
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title });
  }, [title]);

  // Topic chips come from the posts seen in the unfiltered feed (there is no topic list route).
  useEffect(() => {
    if (filter !== 'all') return;
    const seen = feed.items.map((p) => p.topic).filter((t): t is string => !!t);
    if (seen.length === 0) return;
    setTopics((prev) => {
      const merged = Array.from(new Set([...prev, ...seen]));
      return merged.length === prev.length ? prev : merged;
    });
  }, [feed.items, filter]);

  const chipOptions = useMemo<ChipOption<FeedFilter>[]>(
    () => [
      { value: 'all', label: '全部' },
      { value: 'digest', label: '精华' },
      ...topics.map((t) => ({ value: `t:${t}`, label: `#${t}` })),
    ],
    [topics],
  );

  if (load.status === 'loading') return <LoadingState className='qz-circle-loading' />;
  if (load.status === 'error')
    return <ErrorState className='qz-circle-error' message={load.message} onRetry={() => void reload()} />;
  const c = load.data;
  const member = isActiveMember(c.myMembership);
  const admin = isCircleAdmin(c.myMembership);

  const manage = async (post: PostView) => {
    const change = await managePost(post, { moderate: admin, author: post.author.id === user?.id });
    if (change?.kind === 'edit') void Taro.navigateTo({ url: routes.postEdit({ id: post.id }) });
    if (change?.kind === 'updated') {
      // Pinning reorders the feed.
      if (change.post.pinned !== post.pinned) void feed.refresh();
      else feed.update((items) => items.map((p) => (p.id === change.post.id ? change.post : p)));
    }
  };

  let body;
  if (feed.status === 'loading') body = <LoadingState className='qz-feed-loading' />;
  else if (feed.status === 'error' && feed.errorCode === 403) {
    body = (
      <EmptyState
        className='qz-feed-locked'
        glyph='锁'
        title='加入圈子后可以看到圈内动态'
        hint={
          c.joinPolicy === 'invite'
            ? '这是一个仅限邀请的圈子，请通过圈友分享的邀请链接加入。'
            : '提交申请后，圈主或管理员审核通过即可查看。'
        }
      />
    );
  } else if (feed.status === 'error') {
    body = <ErrorState className='qz-feed-error' message={feed.error ?? ''} onRetry={() => void feed.refresh()} />;
  } else if (feed.items.length === 0) {
    body = (
      <EmptyState
        className='qz-feed-empty'
        glyph='帖'
        title={q ? `没有找到含「${q}」的动态` : filter === 'all' ? '还没有动态' : '没有符合条件的动态'}
        hint={
          q
            ? '换个关键词试试，也可以搜话题名。'
            : filter === 'all'
              ? member
                ? '发布第一条动态，和圈友打个招呼吧。'
                : '圈友发布的动态会出现在这里。'
              : '换个筛选条件看看。'
        }
      />
    );
  } else {
    body = (
      <View className='qz-feed'>
        {feed.items.map((post) => (
          <PostCard
            key={post.id}
            post={post}
            onOpen={(p) => void Taro.navigateTo({ url: routes.post({ id: p.id }) })}
            onManage={admin || post.author.id === user?.id ? (p) => void manage(p) : undefined}
          />
        ))}
        <ListFooter
          count={feed.items.length}
          loadingMore={feed.loadingMore}
          moreFailed={feed.moreFailed}
          hasMore={feed.hasMore}
          onLoadMore={() => void feed.loadMore()}
        />
      </View>
    );
  }

  return (
    <View className='qz-circle-home'>
      <CircleHeader circle={c} onChange={replace} />
      {member ? (
        <View
          className='qz-card qz-circle-entry qz-circle-polls'
          onClick={() => void Taro.navigateTo({ url: routes.pollList({ id: c.id }) })}
        >
          <Text className='qz-circle-entry__label'>投票问卷</Text>
          <Text className='qz-circle-entry__arrow'>›</Text>
        </View>
      ) : null}
      {member && c.directoryEnabled ? (
        <View
          className='qz-card qz-circle-entry qz-circle-directory'
          onClick={() => void Taro.navigateTo({ url: routes.directory({ id: c.id }) })}
        >
          <Text className='qz-circle-entry__label'>成员名录</Text>
          <Text className='qz-circle-entry__arrow'>›</Text>
        </View>
      ) : null}
      {member ? <SearchBox className='qz-post-search' placeholder='搜索圈内动态' onSearch={setQ} /> : null}
      {feed.errorCode === 403 ? null : (
        <Chips className='qz-feed-filters' options={chipOptions} value={filter} onChange={setFilter} />
      )}
      {body}
      {member ? (
        <View
          className='qz-fab qz-compose-open'
          onClick={() => void Taro.navigateTo({ url: routes.compose({ circleId: c.id }) })}
        >
          <Text className='qz-fab__plus'>+</Text>
          <Text className='qz-fab__label'>发动态</Text>
        </View>
      ) : null}
    </View>
  );
}

export default function CirclePage() {
  const { params } = useRouter();
  // A single-circle brand opens this page as its first tab, without an id.
  const id = params.id || BRAND.singleCircleId;
  return (
    <View className='qz-page qz-circle'>
      <RequireLogin>
        {id ? (
          <CircleHome id={id} />
        ) : (
          <ErrorState className='qz-circle-error' message='缺少圈子参数，请从圈子列表进入' />
        )}
      </RequireLogin>
    </View>
  );
}
