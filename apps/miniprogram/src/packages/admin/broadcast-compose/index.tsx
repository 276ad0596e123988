import Taro, { useRouter } from '@tarojs/taro';
import { Button, Picker, Text, Textarea, Input, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BroadcastLimits, type BroadcastAudience, type BroadcastLink, type BroadcastPreview } from '@quanzi/contract';
import { Chips } from '../../../components/Chips';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState } from '../../../components/Status';
import { errorMessage, fieldMessages, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { AudienceBuilder } from '../components/AudienceBuilder';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { useAudienceChoices } from '../hooks/useAudienceChoices';
import { fromShanghaiInputs, shanghaiInputs } from '../services/broadcasts';
import '../components/admin.css';
import '../components/broadcasts.css';

type When = 'now' | 'later';

function Composer({ circleId }: { circleId: string }) {
  const admin = useAdminCircle();
  const choices = useAudienceChoices(circleId, admin.isAdmin);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [link, setLink] = useState<string>('');
  const [audience, setAudience] = useState<BroadcastAudience>({ all: true });
  const [preview, setPreview] = useState<BroadcastPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [when, setWhen] = useState<When>('now');
  const [at, setAt] = useState(() => shanghaiInputs(Date.now() + 3600_000));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Recent posts to link to (events and polls come with the audience choices).
  const [posts, setPosts] = useState<{ id: string; text: string }[]>([]);
  useEffect(() => {
    if (!admin.isAdmin) return;
    quietApi.listPosts(circleId, { limit: 20 }).then(
      (page) => setPosts(page.items.map((p) => ({ id: p.id, text: p.text }))),
      () => setPosts([]),
    );
  }, [circleId, admin.isAdmin]);

  // The builder leaves `{}` when no condition is set: that means everyone.
  const effective = (): BroadcastAudience => (Object.keys(audience).length === 0 ? { all: true } : audience);
  const changeAudience = (next: BroadcastAudience) => {
    const { all: _all, ...conditions } = next;
    setAudience(Object.keys(conditions).length ? conditions : { all: true });
    setPreview(null);
  };
  const linkOptions = [
    { value: '', label: '不附链接' },
    ...choices.events.map((e) => ({ value: `event:${e.id}`, label: `活动：${e.title}` })),
    ...choices.polls.map((p) => ({ value: `poll:${p.id}`, label: `投票：${p.title}` })),
    ...posts.map((p) => ({ value: `post:${p.id}`, label: `动态：${[...p.text].slice(0, 12).join('')}` })),
  ];

  const runPreview = async () => {
    setPreviewing(true);
    setError(null);
    try {
      setPreview(await quietApi.previewBroadcast(circleId, { audience: effective() }));
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setPreviewing(false);
    }
  };

  const send = async () => {
    const sendAt = when === 'later' ? fromShanghaiInputs(at.date, at.time) : undefined;
    let problem: string | null = null;
    if (!title.trim()) problem = '请填写标题';
    else if (!body.trim()) problem = '请填写内容';
    else if (when === 'later' && (!sendAt || Date.parse(sendAt) <= Date.now())) problem = '定时发送的时间需晚于现在';
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    let count = preview?.count;
    if (count === undefined) {
      try {
        count = (await quietApi.previewBroadcast(circleId, { audience: effective() })).count;
      } catch (err) {
        setError(fieldMessages(err) ?? errorMessage(err));
        return;
      }
    }
    if (count === 0) {
      setError('没有符合条件的成员');
      return;
    }
    const ok = await confirm({
      title: when === 'later' ? '定时群发' : '立即群发',
      content:
        when === 'later'
          ? `将于 ${at.date} ${at.time}（北京时间）发给 ${count} 位成员，发送前可以取消。`
          : `将立即发给 ${count} 位成员，发出后不能撤回。`,
      confirmText: when === 'later' ? '定时发送' : '发送',
    });
    if (!ok) return;
    setSending(true);
    try {
      const [type, id] = link.split(':');
      await quietApi.createBroadcast(circleId, {
        title: title.trim(),
        body: body.trim(),
        audience: effective(),
        ...(link ? { link: { type: type as BroadcastLink['type'], id } } : {}),
        ...(sendAt ? { sendAt } : {}),
      });
      toastDone(when === 'later' ? '已安排发送' : '已开始发送');
      await Taro.navigateBack();
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <View className='qz-card qz-broadcast-form'>
        <Text className='qz-form-label'>标题</Text>
        <Input
          className='qz-input qz-broadcast-title'
          maxlength={BroadcastLimits.titleMax}
          placeholder='例如：周六徒步集合通知'
          value={title}
          onInput={(e) => setTitle(e.detail.value)}
        />
        <Text className='qz-form-label'>内容</Text>
        <Textarea
          className='qz-textarea qz-broadcast-body'
          maxlength={BroadcastLimits.bodyMax}
          placeholder='成员会在「消息」里看到，订阅了通知的成员还会收到微信提醒'
          value={body}
          onInput={(e) => setBody(e.detail.value)}
        />
        <Text className='qz-form-label'>附带链接</Text>
        <Chips className='qz-broadcast-link' options={linkOptions} value={link} onChange={setLink} />
      </View>

      <View className='qz-card qz-broadcast-form'>
        <Text className='qz-broadcast-section'>发送对象（条件同时满足）</Text>
        <AudienceBuilder value={audience.all ? {} : audience} onChange={changeAudience} choices={choices} />
        <Button
          className='qz-btn qz-btn--plain qz-btn--small qz-broadcast-preview-btn'
          loading={previewing}
          disabled={previewing}
          onClick={() => void runPreview()}
        >
          预览
        </Button>
        {preview ? (
          <View className='qz-broadcast-preview'>
            <Text className='qz-broadcast-preview__count'>共 {preview.count} 位成员</Text>
            {preview.sample.length > 0 ? (
              <Text className='qz-broadcast-preview__names'>
                {preview.sample.map((s) => s.nickname || '未命名成员').join('、')}
                {preview.count > preview.sample.length ? ' 等' : ''}
              </Text>
            ) : null}
          </View>
        ) : null}
      </View>

      <View className='qz-card qz-broadcast-form'>
        <Chips<When>
          className='qz-broadcast-when'
          options={[
            { value: 'now', label: '立即发送' },
            { value: 'later', label: '定时发送' },
          ]}
          value={when}
          onChange={setWhen}
        />
        {when === 'later' ? (
          <View className='qz-field'>
            <Text className='qz-field__label'>发送时间（北京时间）</Text>
            <Picker mode='date' value={at.date} onChange={(e) => setAt({ ...at, date: e.detail.value })}>
              <View className='qz-input qz-broadcast-date'>{at.date}</View>
            </Picker>
            <Picker mode='time' value={at.time} onChange={(e) => setAt({ ...at, time: e.detail.value })}>
              <View className='qz-input qz-broadcast-time'>{at.time}</View>
            </Picker>
          </View>
        ) : null}
        {error ? <Text className='qz-form-error qz-broadcast-error'>{error}</Text> : null}
        <Button
          className='qz-btn qz-btn--primary qz-broadcast-send'
          loading={sending}
          disabled={sending}
          onClick={() => void send()}
        >
          {when === 'later' ? '定时发送' : '发送'}
        </Button>
      </View>
    </AdminGate>
  );
}

export default function BroadcastComposePage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-broadcast-compose'>
      <RequireLogin>{id ? <Composer circleId={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
