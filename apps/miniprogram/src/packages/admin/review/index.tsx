import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CommentView, Page, PostView } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { PostCard } from '../../../components/PostCard';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { CircleEvents } from '../../../services/circles';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { timeAgo } from '../../../utils/format';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';

type Kind = 'posts' | 'comments';

const KIND_OPTIONS: ChipOption<Kind>[] = [
  { value: 'posts', label: '动态' },
  { value: 'comments', label: '评论' },
];

/** One queue entry: a post or a comment WeChat's content check sent for a human look. */
type Item = { kind: 'post'; post: PostView } | { kind: 'comment'; comment: CommentView };

function itemId(item: Item): string {
  return item.kind === 'post' ? item.post.id : item.comment.id;
}

function toItems<T>(page: Page<T>, wrap: (x: T) => Item): Page<Item> {
  return { items: page.items.map(wrap), nextCursor: page.nextCursor };
}

function Review({ id }: { id: string }) {
  const admin = useAdminCircle();
  const [kind, setKind] = useState<Kind>('posts');
  const fetchPage = useCallback(
    async (cursor?: string): Promise<Page<Item>> =>
      kind === 'posts'
        ? toItems(await quietApi.listPosts(id, { status: 'under_review', cursor }), (post) => ({ kind: 'post', post }))
        : toItems(await quietApi.listCommentQueue(id, { status: 'under_review', cursor }), (comment) => ({
            kind: 'comment',
            comment,
          })),
    [id, kind],
  );
  const list = usePagedList(fetchPage, admin.isAdmin);
  const [busyId, setBusyId] = useState<string | null>(null);
  useListPage(list, admin.reload);

  const decide = async (item: Item, approve: boolean) => {
    const what = item.kind === 'post' ? '动态' : '评论';
    if (!approve) {
      const ok = await confirm({
        title: `删除${what}`,
        content: `这条${what}将被删除，且无法恢复。`,
        confirmText: '删除',
        danger: true,
      });
      if (!ok) return;
    }
    const key = itemId(item);
    setBusyId(key);
    try {
      if (item.kind === 'post') {
        if (approve) await api.approvePost(key);
        else await api.deletePost(key);
        // Approved posts join the feed; the circle home re-reads it.
        if (approve) Taro.eventCenter.trigger(CircleEvents.postCreated, id);
      } else if (approve) await api.approveComment(key);
      else await api.deleteComment(key);
      list.update((items) => items.filter((x) => itemId(x) !== key));
      toastDone(approve ? '已通过' : '已删除');
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusyId(null);
    }
  };

  const actions = (item: Item) => (
    <View className='qz-report__actions'>
      <Button
        className='qz-btn qz-btn--plain qz-btn--small qz-review-delete'
        disabled={busyId === itemId(item)}
        onClick={() => void decide(item, false)}
      >
        删除
      </Button>
      <Button
        className='qz-btn qz-btn--primary qz-btn--small qz-review-approve'
        disabled={busyId === itemId(item)}
        onClick={() => void decide(item, true)}
      >
        通过
      </Button>
    </View>
  );

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0) {
    body = (
      <EmptyState
        className='qz-review-empty'
        glyph='审'
        title='没有待审核的内容'
        hint='需要人工复核的动态和评论会出现在这里，通过后才对圈友展示。'
      />
    );
  } else {
    body = (
      <View className='qz-review-list'>
        {list.items.map((item) =>
          item.kind === 'post' ? (
            <View key={item.post.id} className='qz-review-item'>
              <PostCard post={item.post} full />
              {actions(item)}
            </View>
          ) : (
            <View key={item.comment.id} className='qz-card qz-report qz-review-item'>
              <Text className='qz-report__reason'>{item.comment.author.nickname}</Text>
              <Text className='qz-report__meta'>评论于 {timeAgo(item.comment.createdAt)}</Text>
              <Text className='qz-report__post'>{item.comment.text}</Text>
              {actions(item)}
            </View>
          ),
        )}
        <PagedListFooter list={list} />
      </View>
    );
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <Chips className='qz-review-filter' options={KIND_OPTIONS} value={kind} onChange={setKind} />
      {body}
    </AdminGate>
  );
}

export default function ReviewPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-review-page'>
      <RequireLogin>{id ? <Review id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
