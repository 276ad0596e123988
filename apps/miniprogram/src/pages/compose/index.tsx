import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { PostLimits } from '@quanzi/contract';
import { ImagePicker } from '../../components/ImagePicker';
import { RequireLogin } from '../../components/RequireLogin';
import { ErrorState } from '../../components/Status';
import { useImageUploads } from '../../hooks/useImageUploads';
import { routes } from '../../routes';
import { CircleEvents, goTo } from '../../services/circles';
import {
  CONTENT_REJECTED_MESSAGE,
  errorMessage,
  fieldMessages,
  isContentRejected,
  quietApi,
} from '../../services/http';
import { confirm } from '../../utils/confirm';
import './index.css';
import { PrivacySheet } from '../../components/PrivacySheet';

function Composer({ circleId }: { circleId: string }) {
  const [text, setText] = useState('');
  const [topic, setTopic] = useState('');
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<{ message: string; rejected: boolean } | null>(null);
  const uploads = useImageUploads(PostLimits.imagesMax);

  const leave = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else goTo(routes.circle({ id: circleId }), 'redirect');
  };

  const submit = async () => {
    const body = text.trim();
    if (!body) {
      setError({ message: '请输入动态内容', rejected: false });
      return;
    }
    if (Array.from(body).length > PostLimits.textMax) {
      setError({ message: `内容最多 ${PostLimits.textMax} 个字`, rejected: false });
      return;
    }
    if (uploads.uploading) {
      setError({ message: '图片还在上传，请稍候', rejected: false });
      return;
    }
    if (uploads.failed) {
      const go = await confirm({
        title: '有图片上传失败',
        content: '上传失败的图片不会发布，仍然发布吗？',
        confirmText: '发布',
      });
      if (!go) return;
    }
    setError(null);
    setPosting(true);
    try {
      await quietApi.createPost(circleId, {
        text: body,
        images: uploads.urls.length ? uploads.urls : undefined,
        topic: topic.trim().replace(/^#/, '') || undefined,
      });
      Taro.eventCenter.trigger(CircleEvents.postCreated, circleId);
      void Taro.showToast({ title: '已发布', icon: 'success', duration: 1500 });
      leave();
    } catch (err) {
      if (isContentRejected(err))
        setError({ message: `${CONTENT_REJECTED_MESSAGE}：请修改文字后再发布`, rejected: true });
      else setError({ message: fieldMessages(err) ?? errorMessage(err), rejected: false });
    } finally {
      setPosting(false);
    }
  };

  const count = Array.from(text).length;
  return (
    <View className='qz-card qz-composer'>
      <Textarea
        className='qz-textarea qz-compose-text'
        placeholder='分享你的想法…'
        maxlength={PostLimits.textMax}
        value={text}
        onInput={(e) => {
          setText(e.detail.value);
          setError(null);
        }}
      />
      <Text className='qz-composer__count'>
        {count}/{PostLimits.textMax}
      </Text>
      <View className='qz-field'>
        <Text className='qz-field__label'>话题</Text>
        <Input
          className='qz-input qz-compose-topic'
          placeholder='选填，如：新人报到'
          maxlength={PostLimits.topicMax}
          value={topic}
          onInput={(e) => setTopic(e.detail.value)}
        />
      </View>
      <ImagePicker
        images={uploads.images}
        max={PostLimits.imagesMax}
        onAdd={() => void uploads.add()}
        onRemove={uploads.remove}
        onRetry={(p) => void uploads.retry(p)}
      />
      {error ? (
        <Text className={`qz-form-error qz-compose-error ${error.rejected ? 'qz-compose-rejected' : ''}`}>
          {error.message}
        </Text>
      ) : null}
      <Button
        className={`qz-btn qz-btn--primary qz-compose-submit ${posting || uploads.uploading ? 'qz-btn--busy' : ''}`}
        loading={posting}
        disabled={posting}
        onClick={() => void submit()}
      >
        {uploads.uploading ? '图片上传中…' : '发布'}
      </Button>
    </View>
  );
}

export default function ComposePage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-compose'>
      <RequireLogin>
        {params.circleId ? (
          <Composer circleId={params.circleId} />
        ) : (
          <ErrorState message='缺少圈子参数，请从圈子主页发布' />
        )}
      </RequireLogin>
      <PrivacySheet />
    </View>
  );
}
