import { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import { ChatLimits, type ChatMessageView } from '@quanzi/contract';
import { useEffect, useState } from 'react';
import { Avatar } from '../../../components/Avatar';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { platform } from '../../../platform';
import { useAuth } from '../../../services/auth';
import { errorMessage, quietApi, uploadImage } from '../../../services/http';
import { chooseAction, confirm, toastDone, toastText } from '../../../utils/confirm';
import { eventTime } from '../services/format';
import { useChatRoom } from '../hooks/useChatRoom';
import '../components/events.css';
import './index.css';

const MUTES = [
  { label: '禁言 10 分钟', minutes: 10 },
  { label: '禁言 1 小时', minutes: 60 },
  { label: '禁言 1 天', minutes: 24 * 60 },
];

function Message({ m, onTap }: { m: ChatMessageView; onTap: (m: ChatMessageView) => void }) {
  return (
    <View className={`qz-chat-msg${m.announcement ? ' qz-chat-msg--announce' : ''}`} onClick={() => onTap(m)}>
      <Avatar url={m.author.avatarUrl} nickname={m.author.nickname} />
      <View className='qz-chat-msg__body'>
        <Text className='qz-chat-msg__meta'>
          {m.author.nickname} · {eventTime(m.createdAt)}
        </Text>
        {m.replyTo ? (
          <Text className='qz-chat-msg__quote'>
            回复 {m.replyTo.authorNickname}：{m.replyTo.excerpt || '[图片]'}
          </Text>
        ) : null}
        {m.deleted ? (
          <Text className='qz-chat-msg__deleted'>该消息已被管理员删除</Text>
        ) : (
          <>
            {m.text ? <Text className='qz-chat-msg__text'>{m.text}</Text> : null}
            {m.imageUrl ? <Image className='qz-chat-msg__img' src={m.imageUrl} mode='widthFix' /> : null}
          </>
        )}
      </View>
    </View>
  );
}

function Room({ id }: { id: string }) {
  const { token, user } = useAuth();
  const room = useChatRoom(id, token !== null);
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<ChatMessageView | null>(null);
  const [announce, setAnnounce] = useState(false);
  const [busy, setBusy] = useState(false);
  const lastSeq = room.state?.messages[room.state.messages.length - 1]?.seq ?? 0;

  useEffect(() => {
    if (lastSeq > 0) void quietApi.markChatRead(id, { seq: lastSeq }).catch(() => null);
  }, [id, lastSeq]);

  if (room.error) return <ErrorState message={errorMessage(room.error)} onRetry={room.retry} />;
  if (!room.state) return <LoadingState />;
  const s = room.state;
  const muted = s.mutedUntil !== null && new Date(s.mutedUntil).getTime() > Date.now();

  const submit = async (body: { text?: string; imageUrl?: string }) => {
    setBusy(true);
    try {
      await room.send({ ...body, replyTo: replyTo?.id, announcement: s.admin && announce ? true : undefined });
      setText('');
      setReplyTo(null);
      setAnnounce(false);
    } catch (err) {
      toastText(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const sendImage = async () => {
    const [path] = await platform.chooseImages(1);
    if (!path) return;
    setBusy(true);
    try {
      const uploaded = await uploadImage(path, { toast: false });
      await submit({ imageUrl: uploaded.url });
    } catch (err) {
      toastText(errorMessage(err));
      setBusy(false);
    }
  };

  const act = async (m: ChatMessageView) => {
    if (m.deleted) return;
    const canModerate = s.admin && m.author.id !== user?.id;
    const items = ['回复', ...(s.admin ? ['删除'] : []), ...(canModerate ? MUTES.map((x) => x.label) : [])];
    const picked = await chooseAction(items);
    if (picked === null) return;
    try {
      if (items[picked] === '回复') setReplyTo(m);
      else if (items[picked] === '删除') {
        const ok = await confirm({
          title: '删除消息',
          content: '删除后所有人都看不到这条消息，确定删除吗？',
          danger: true,
        });
        if (!ok) return;
        await room.remove(m.id);
        toastDone('已删除');
      } else {
        const mute = MUTES.find((x) => x.label === items[picked]);
        if (!mute) return;
        const ok = await confirm({ title: '禁言', content: `确定${mute.label}「${m.author.nickname}」吗？` });
        if (!ok) return;
        await quietApi.muteChatMember(id, { userId: m.author.id, minutes: mute.minutes });
        toastDone('已禁言');
      }
    } catch (err) {
      toastText(errorMessage(err));
    }
  };

  return (
    <View className='qz-chat'>
      {room.status !== 'open' ? (
        <View className='qz-chat-status'>
          <Text>{room.status === 'connecting' ? '连接中…' : '已断开，正在重连'}</Text>
        </View>
      ) : null}
      {s.pinned ? (
        <View className='qz-chat-pinned'>
          <Text className='qz-ev-badge qz-ev-badge--warn'>公告</Text>
          <Text className='qz-chat-pinned__text'>{s.pinned.text}</Text>
        </View>
      ) : null}
      <View className='qz-chat-list'>
        {s.hasOlder ? (
          <Button className='qz-btn qz-btn--ghost qz-chat-older' loading={room.loadingOlder} onClick={room.loadOlder}>
            查看更早的消息
          </Button>
        ) : null}
        {s.messages.length === 0 ? (
          <Text className='qz-ev-row__hint qz-chat-empty'>还没有消息，来说第一句吧</Text>
        ) : null}
        {s.messages.map((m) => (
          <Message key={m.seq} m={m} onTap={(x) => void act(x)} />
        ))}
      </View>
      {!s.canWrite ? (
        <View className='qz-chat-closed'>
          <Text>聊天室已关闭，只能查看历史消息</Text>
        </View>
      ) : muted ? (
        <View className='qz-chat-closed'>
          <Text>你已被禁言，{eventTime(s.mutedUntil ?? '')} 后可以发言</Text>
        </View>
      ) : (
        <View className='qz-chat-compose'>
          {replyTo ? (
            <View className='qz-chat-compose__reply' onClick={() => setReplyTo(null)}>
              <Text>
                回复 {replyTo.author.nickname}：{replyTo.text.slice(0, 30) || '[图片]'} ✕
              </Text>
            </View>
          ) : null}
          {s.admin ? (
            <View className='qz-chat-compose__announce' onClick={() => setAnnounce((v) => !v)}>
              <Text className={`qz-ev-badge ${announce ? 'qz-ev-badge--warn' : 'qz-ev-badge--muted'}`}>
                {announce ? '作为公告发送（置顶）' : '设为公告'}
              </Text>
            </View>
          ) : null}
          <View className='qz-chat-compose__row'>
            <Button className='qz-btn qz-btn--ghost qz-chat-image' disabled={busy} onClick={() => void sendImage()}>
              图片
            </Button>
            <Input
              className='qz-input qz-chat-input'
              value={text}
              maxlength={ChatLimits.textMax}
              placeholder='说点什么…'
              confirmType='send'
              onInput={(e) => setText(e.detail.value)}
              onConfirm={() => text.trim() && void submit({ text: text.trim() })}
            />
            <Button
              className='qz-btn qz-btn--primary qz-chat-send'
              disabled={busy || !text.trim()}
              onClick={() => void submit({ text: text.trim() })}
            >
              发送
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

export default function ChatPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-chat-page'>
      <RequireLogin>{params.id ? <Room id={params.id} /> : <ErrorState message='缺少活动参数' />}</RequireLogin>
    </View>
  );
}
