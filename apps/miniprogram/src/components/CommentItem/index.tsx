import { Text, View } from '@tarojs/components';
import type { CommentView } from '@quanzi/contract';
import { Avatar } from '../Avatar';
import { timeAgo } from '../../utils/format';
import './index.css';

export interface CommentItemProps {
  comment: CommentView;
  onReply: (comment: CommentView) => void;
  /** Whether the caller may delete this comment (its author or a circle admin). */
  canDelete: (comment: CommentView) => boolean;
  onDelete: (comment: CommentView) => void;
}

interface LineProps extends CommentItemProps {
  reply: boolean;
}

function CommentLine({ comment, reply, onReply, canDelete, onDelete }: LineProps) {
  return (
    <View
      className={`qz-comment ${reply ? 'qz-comment--reply qz-comment-reply' : 'qz-comment-top'}`}
      data-comment-id={comment.id}
    >
      <Avatar url={comment.author.avatarUrl} nickname={comment.author.nickname} />
      <View className='qz-comment__body'>
        <View className='qz-comment__head'>
          <Text className='qz-comment__author qz-comment-author'>{comment.author.nickname}</Text>
          {reply && comment.replyToUser ? (
            <>
              <Text className='qz-comment__to'>回复</Text>
              <Text className='qz-comment__author'>{comment.replyToUser.nickname}</Text>
            </>
          ) : null}
          {comment.status === 'under_review' ? <Text className='qz-badge'>审核中</Text> : null}
        </View>
        <Text className='qz-comment__text qz-comment-text'>{comment.text}</Text>
        <View className='qz-comment__meta'>
          <Text>{timeAgo(comment.createdAt)}</Text>
          <Text className='qz-comment__action qz-comment-reply-btn' onClick={() => onReply(comment)}>
            回复
          </Text>
          {canDelete(comment) ? (
            <Text className='qz-comment__action qz-comment-delete' onClick={() => onDelete(comment)}>
              删除
            </Text>
          ) : null}
        </View>
      </View>
    </View>
  );
}

/** A top-level comment and its replies (one level). */
export function CommentItem(props: CommentItemProps) {
  const { comment } = props;
  return (
    <View className='qz-comment-thread'>
      <CommentLine {...props} reply={false} />
      {comment.replies.length > 0 ? (
        <View className='qz-comment__replies'>
          {comment.replies.map((r) => (
            <CommentLine key={r.id} {...props} comment={r} reply />
          ))}
        </View>
      ) : null}
    </View>
  );
}
