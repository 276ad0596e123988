import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { PostLimits, type CommentView } from '@quanzi/contract';
import './index.css';

export interface CommentBoxProps {
  /** The comment being answered; null for a top-level comment. */
  replyTo: CommentView | null;
  onCancelReply: () => void;
  /** Sends the text; resolves true when it was accepted (the box clears). */
  onSend: (text: string) => Promise<boolean>;
  /** An inline error from the last send (e.g. 内容未通过安全检测). */
  error: string | null;
}

/** The comment bar fixed at the bottom of the post page. */
export function CommentBox({ replyTo, onCancelReply, onSend, error }: CommentBoxProps) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

  const send = async () => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    const ok = await onSend(body);
    setSending(false);
    if (ok) setText('');
  };

  return (
    <View className='qz-comment-box'>
      {replyTo ? (
        <View className='qz-comment-box__reply qz-comment-replying'>
          <Text>回复 {replyTo.author.nickname}</Text>
          <Text className='qz-comment-box__cancel qz-comment-reply-cancel' onClick={onCancelReply}>
            取消
          </Text>
        </View>
      ) : null}
      {error ? <Text className='qz-form-error qz-comment-error'>{error}</Text> : null}
      <View className='qz-comment-box__row'>
        <Input
          className='qz-input qz-comment-box__input qz-comment-input'
          placeholder={replyTo ? `回复 ${replyTo.author.nickname}` : '写评论…'}
          maxlength={PostLimits.commentTextMax}
          confirmType='send'
          value={text}
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => void send()}
        />
        <Button
          className={`qz-btn qz-btn--primary qz-btn--small qz-comment-submit ${sending || !text.trim() ? 'qz-btn--busy' : ''}`}
          disabled={sending}
          loading={sending}
          onClick={() => void send()}
        >
          发送
        </Button>
      </View>
    </View>
  );
}
