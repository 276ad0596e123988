import { Text, View } from '@tarojs/components';
import type { PostView } from '@quanzi/contract';
import { Avatar } from '../Avatar';
import { ImageGrid } from '../ImageGrid';
import { timeAgo } from '../../utils/format';
import './index.css';

export interface PostCardProps {
  post: PostView;
  onOpen?: (post: PostView) => void;
  /** Shows the ··· button (author or circle admin). */
  onManage?: (post: PostView) => void;
  /** Full text instead of a clamped preview (the detail page). */
  full?: boolean;
}

/** A post: author, time, 置顶/精华 markers, topic, text, images and counts. */
export function PostCard({ post, onOpen, onManage, full = false }: PostCardProps) {
  return (
    <View
      className={`qz-card qz-post ${post.pinned ? 'qz-post--pinned' : ''} ${post.digest ? 'qz-post--digest' : ''}`}
      data-post-id={post.id}
      onClick={onOpen ? () => onOpen(post) : undefined}
    >
      <View className='qz-post__head'>
        <Avatar url={post.author.avatarUrl} nickname={post.author.nickname} />
        <View className='qz-post__who'>
          <Text className='qz-post__author'>{post.author.nickname}</Text>
          <Text className='qz-post__time'>
            {timeAgo(post.createdAt)}
            {post.editedAt ? <Text className='qz-post-edited'> · 已编辑</Text> : null}
          </Text>
        </View>
        {post.pinned ? <Text className='qz-badge qz-badge--pin qz-post-pinned'>置顶</Text> : null}
        {post.digest ? <Text className='qz-badge qz-badge--digest qz-post-digest'>精华</Text> : null}
        {post.status === 'under_review' ? <Text className='qz-badge qz-post-review'>审核中</Text> : null}
        {onManage ? (
          <Text
            className='qz-post__manage qz-post-manage'
            onClick={(e) => {
              e.stopPropagation();
              onManage(post);
            }}
          >
            ···
          </Text>
        ) : null}
      </View>
      {post.topic ? <Text className='qz-post__topic qz-post-topic'>#{post.topic}</Text> : null}
      <Text className={`qz-post__text qz-post-text ${full ? '' : 'qz-post__text--clamp'}`} userSelect={full}>
        {post.text}
      </Text>
      <ImageGrid images={post.images} />
      {full ? null : (
        <View className='qz-post__foot'>
          <Text className={`qz-post__stat ${post.likedByMe ? 'qz-post__stat--on' : ''}`}>
            {post.likedByMe ? '♥' : '♡'} <Text className='qz-post-like-count'>{post.likeCount}</Text>
          </Text>
          <Text className='qz-post__stat'>
            评论 <Text className='qz-post-comment-count'>{post.commentCount}</Text>
          </Text>
        </View>
      )}
    </View>
  );
}
