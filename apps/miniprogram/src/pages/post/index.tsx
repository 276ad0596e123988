import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CommentView, PostView } from '@quanzi/contract';
import { CommentBox } from '../../components/CommentBox';
import { CommentItem } from '../../components/CommentItem';
import { PostCard } from '../../components/PostCard';
import { RequireLogin } from '../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../components/Status';
import { useListPage } from '../../hooks/useListPage';
import { usePagedList } from '../../hooks/usePagedList';
import { usePost } from '../../hooks/usePost';
import { useShare } from '../../hooks/useShare';
import { useAuth } from '../../services/auth';
import { routes } from '../../routes';
import {
  CONTENT_REJECTED_MESSAGE,
  api,
  errorMessage,
  errorStatus,
  isContentRejected,
  quietApi,
} from '../../services/http';
import { REPORT_REASONS, managePost } from '../../services/posts';
import { goTo } from '../../services/circles';
import { chooseAction, confirm, toastDone } from '../../utils/confirm';
import { isCircleAdmin } from '../../utils/membership';
import { JoinToView } from '../../components/JoinToView';
import { PostEditHistory, PostEditor } from '../../components/PostEditor';
import { shareOfPost } from '../../utils/share';
import './index.css';

function leavePage(circleId: string): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else goTo(routes.circle({ id: circleId }), 'redirect');
}

async function report(post: PostView): Promise<void> {
  const index = await chooseAction([...REPORT_REASONS]);
  if (index === null) return;
  try {
    await api.reportPost(post.id, { reason: REPORT_REASONS[index] });
    toastDone('已举报，感谢反馈');
  } catch {
    // Toasted by the http layer.
  }
}

/** A comment's new home: under its top-level comment for a reply, else as a new thread. */
function insertComment(items: CommentView[], created: CommentView): CommentView[] {
  if (!created.replyToId) return [...items, created];
  return items.map((c) => (c.id === created.replyToId ? { ...c, replies: [...c.replies, created] } : c));
}

function removeComment(items: CommentView[], removed: CommentView): CommentView[] {
  return items
    .filter((c) => c.id !== removed.id)
    .map((c) =>
      c.replies.some((r) => r.id === removed.id) ? { ...c, replies: c.replies.filter((r) => r.id !== removed.id) } : c,
    );
}

/** `inviteCode`: the sharer's code from a shared card; a non-member joins through it. */
/** `startEditing`: opened from the feed's 编辑 (the editor shows for the author only). */
function PostDetail({ id, inviteCode, startEditing }: { id: string; inviteCode?: string; startEditing?: boolean }) {
  const { token, user } = useAuth();
  const { load, membership, reload, replace, toggleLike } = usePost(id, token !== null);
  const fetchComments = useCallback((cursor?: string) => quietApi.listComments(id, { cursor }), [id]);
  const comments = usePagedList(fetchComments, load.status === 'ready');
  const [replyTo, setReplyTo] = useState<CommentView | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [editing, setEditing] = useState(startEditing === true);
  useListPage(comments, reload);
  useShare(load.status === 'ready' ? shareOfPost(load.data) : null, {
    title: '来看看这条动态',
    path: routes.post({ id }),
  });

  if (load.status === 'loading') return <LoadingState className='qz-post-loading' />;
  if (load.status === 'error' && errorStatus(load.error) === 403 && inviteCode)
    return <JoinToView code={inviteCode} what='这条动态' />;
  if (load.status === 'error') {
    return (
      <ErrorState
        className='qz-post-error'
        title={errorStatus(load.error) === 404 ? '动态不存在或已删除' : '加载失败'}
        message={load.message}
        onRetry={errorStatus(load.error) === 404 ? undefined : () => void reload()}
      />
    );
  }
  const post = load.data;
  const admin = isCircleAdmin(membership);
  const isAuthor = post.author.id === user?.id;

  const manage = async () => {
    const change = await managePost(post, { moderate: admin, author: isAuthor });
    if (change?.kind === 'updated') replace(change.post);
    if (change?.kind === 'edit') setEditing(true);
    if (change?.kind === 'deleted') leavePage(post.circleId);
  };

  const send = async (text: string): Promise<boolean> => {
    setSendError(null);
    try {
      const created = await quietApi.createComment(post.id, { text, replyToId: replyTo?.id });
      comments.update((items) => insertComment(items, created));
      replace({ ...post, commentCount: post.commentCount + 1 });
      setReplyTo(null);
      if (created.status === 'under_review') toastDone('已提交，审核后展示');
      return true;
    } catch (err) {
      setSendError(isContentRejected(err) ? `${CONTENT_REJECTED_MESSAGE}，请修改后再发送` : errorMessage(err));
      return false;
    }
  };

  const deleteComment = async (comment: CommentView) => {
    const ok = await confirm({ title: '删除评论', content: '确定删除这条评论吗？', confirmText: '删除', danger: true });
    if (!ok) return;
    try {
      await api.deleteComment(comment.id);
      comments.update((items) => removeComment(items, comment));
      replace({
        ...post,
        commentCount: Math.max(0, post.commentCount - 1 - (comment.replyToId ? 0 : comment.replies.length)),
      });
      toastDone('已删除');
    } catch {
      // Toasted by the http layer.
    }
  };

  return (
    <View className='qz-post-detail'>
      {editing && isAuthor ? (
        <PostEditor
          post={post}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            replace(saved);
            setEditing(false);
            toastDone('已保存');
          }}
        />
      ) : (
        <PostCard post={post} full onManage={admin || isAuthor ? () => void manage() : undefined} />
      )}
      {admin && post.editedAt ? <PostEditHistory postId={post.id} editedAt={post.editedAt} /> : null}
      <View className='qz-card qz-post-actions'>
        <View
          className={`qz-post-actions__item qz-like ${post.likedByMe ? 'qz-like--on' : ''}`}
          onClick={() => void toggleLike()}
        >
          <Text className='qz-like__heart'>{post.likedByMe ? '♥' : '♡'}</Text>
          <Text className='qz-like-count'>{post.likeCount}</Text>
        </View>
        <View className='qz-post-actions__item'>
          <Text>
            评论 <Text className='qz-comment-count'>{post.commentCount}</Text>
          </Text>
        </View>
        <View className='qz-post-actions__item qz-post-report' onClick={() => void report(post)}>
          <Text>举报</Text>
        </View>
      </View>
      <View className='qz-card qz-comments'>
        <Text className='qz-comments__title'>评论 {post.commentCount}</Text>
        {comments.status === 'loading' ? <LoadingState className='qz-comments-loading' /> : null}
        {comments.status === 'error' ? (
          <ErrorState
            className='qz-comments-error'
            message={comments.error ?? ''}
            onRetry={() => void comments.refresh()}
          />
        ) : null}
        {comments.status === 'ready' && comments.items.length === 0 ? (
          <Text className='qz-comments__empty qz-comments-empty'>还没有评论，来说两句吧</Text>
        ) : null}
        {comments.items.map((c) => (
          <CommentItem
            key={c.id}
            comment={c}
            onReply={setReplyTo}
            canDelete={(x) => admin || x.author.id === user?.id}
            onDelete={(x) => void deleteComment(x)}
          />
        ))}
        <PagedListFooter list={comments} />
      </View>
      <CommentBox replyTo={replyTo} onCancelReply={() => setReplyTo(null)} onSend={send} error={sendError} />
    </View>
  );
}

export default function PostPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-post-page'>
      <RequireLogin>
        {params.id ? (
          <PostDetail id={params.id} inviteCode={params.inviteCode} startEditing={params.edit === '1'} />
        ) : (
          <ErrorState message='缺少动态参数' />
        )}
      </RequireLogin>
    </View>
  );
}
