import { Button, Text, Textarea, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { PostLimits, type PostView } from '@quanzi/contract';
import { useImageUploads } from '../../hooks/useImageUploads';
import { ImagePicker } from '../ImagePicker';
import { useLoad } from '../../hooks/useLoad';
import { CONTENT_REJECTED_MESSAGE, errorMessage, isContentRejected, quietApi } from '../../services/http';
import { chinaTime } from '../../services/invites';
import { ErrorState, LoadingState } from '../Status';
import './index.css';

/** The author edits a post's text and images (within 24 h of posting; the server refuses later). */
export function PostEditor({
  post,
  onSaved,
  onCancel,
}: {
  post: PostView;
  onSaved: (post: PostView) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(post.text);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uploads = useImageUploads(PostLimits.imagesMax, post.images);

  const save = async () => {
    const body = text.trim();
    if (!body) return setError('请输入动态内容');
    if (uploads.uploading) return setError('图片还在上传，请稍候');
    const imagesChanged = uploads.urls.join('\n') !== post.images.join('\n');
    if (body === post.text && !imagesChanged) return onCancel();
    setSaving(true);
    setError(null);
    try {
      onSaved(
        await quietApi.updatePost(post.id, {
          ...(body !== post.text ? { text: body } : {}),
          ...(imagesChanged ? { images: uploads.urls } : {}),
        }),
      );
    } catch (err) {
      setError(isContentRejected(err) ? `${CONTENT_REJECTED_MESSAGE}：请修改后再保存` : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className='qz-card qz-post-editor'>
      <Text className='qz-section-title'>编辑动态</Text>
      <Textarea
        className='qz-textarea qz-post-edit-text'
        maxlength={PostLimits.textMax}
        value={text}
        onInput={(e) => {
          setText(e.detail.value);
          setError(null);
        }}
      />
      <ImagePicker
        images={uploads.images}
        max={PostLimits.imagesMax}
        onAdd={() => void uploads.add()}
        onRemove={uploads.remove}
        onRetry={(p) => void uploads.retry(p)}
      />
      <Text className='qz-post-editor__hint'>
        发布 24 小时内可以修改，修改后会显示「已编辑」，管理员可查看修改记录。
      </Text>
      {error ? <Text className='qz-form-error qz-post-edit-error'>{error}</Text> : null}
      <View className='qz-post-editor__actions'>
        <Button className='qz-btn qz-btn--ghost qz-post-edit-cancel' disabled={saving} onClick={onCancel}>
          取消
        </Button>
        <Button
          className={`qz-btn qz-btn--primary qz-post-edit-save ${saving ? 'qz-btn--busy' : ''}`}
          loading={saving}
          disabled={saving}
          onClick={() => void save()}
        >
          保存
        </Button>
      </View>
    </View>
  );
}

/** Admins: the earlier versions of an edited post, newest first. */
export function PostEditHistory({ postId, editedAt }: { postId: string; editedAt: string }) {
  // `editedAt` is part of the key: a new edit re-reads the history.
  const fetch = useCallback(() => quietApi.postEdits(postId), [postId, editedAt]);
  const { load, reload } = useLoad(fetch);
  return (
    <View className='qz-card qz-post-history'>
      <Text className='qz-section-title'>修改记录</Text>
      {load.status === 'loading' ? <LoadingState /> : null}
      {load.status === 'error' ? <ErrorState message={load.message} onRetry={() => void reload()} /> : null}
      {load.status === 'ready' && load.data.length === 0 ? (
        <Text className='qz-post-editor__hint'>没有更早的版本</Text>
      ) : null}
      {load.status === 'ready'
        ? [...load.data].reverse().map((v) => (
            <View key={v.replacedAt} className='qz-post-history__item qz-post-history-item'>
              <Text className='qz-post-editor__hint'>{chinaTime(v.replacedAt)} 之前的版本</Text>
              <Text className='qz-post-history__text qz-post-history-text'>{v.text}</Text>
            </View>
          ))
        : null}
    </View>
  );
}
