import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { EventLimits, type EventStatus } from '@quanzi/contract';
import { Chips } from '../../../components/Chips';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { routes } from '../../../routes';
import { errorMessage, fieldMessages, quietApi } from '../../../services/http';
import { toastDone } from '../../../utils/confirm';
import { FieldBuilder, TicketBuilder } from '../components/Builders';
import { draftOf, emptyDraft, toRequest, type EventDraft } from '../services/draft';
import '../components/events.css';

const MODES = [
  { value: 'offline' as const, label: '线下' },
  { value: 'online' as const, label: '线上' },
];

/** Editing an existing event: loads it, then the form starts from it. */
function EditEvent({ eventId }: { eventId: string }) {
  const fetch = useCallback(() => quietApi.getEvent(eventId), [eventId]);
  const { load } = useLoad(fetch);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '编辑活动' });
  }, []);
  if (load.status === 'error') return <ErrorState message={load.message} />;
  if (load.status === 'loading') return <LoadingState />;
  return <Editor eventId={eventId} initial={draftOf(load.data)} status={load.data.status} />;
}

function CreateEvent({ circleId }: { circleId: string }) {
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '发起活动' });
  }, []);
  return <Editor circleId={circleId} initial={emptyDraft()} status='draft' />;
}

interface EditorProps {
  circleId?: string;
  eventId?: string;
  initial: EventDraft;
  status: EventStatus;
}

function Editor({ circleId, eventId, initial, status }: EditorProps) {
  const [draft, setDraft] = useState<EventDraft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<EventDraft>) => setDraft({ ...draft, ...patch });

  const save = async (publish: boolean) => {
    const req = toRequest(draft);
    if ('error' in req) return setError(req.error);
    setBusy(true);
    setError(null);
    try {
      const saved = eventId
        ? await quietApi.updateEvent(eventId, { ...req.body, ...(publish ? { status: 'published' as const } : {}) })
        : await quietApi.createEvent(circleId!, { ...req.body, status: publish ? 'published' : 'draft' });
      toastDone(publish ? '已发布' : '已保存');
      if (eventId) Taro.navigateBack();
      else void Taro.redirectTo({ url: routes.eventDetail({ id: saved.id }) });
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='qz-card'>
        <Input
          className='qz-input qz-event-title-input'
          placeholder='活动名称'
          maxlength={EventLimits.titleMax}
          value={draft.title}
          onInput={(e) => set({ title: e.detail.value })}
        />
        <Chips options={MODES} value={draft.mode} onChange={(mode) => set({ mode })} className='qz-event-mode' />
        {draft.mode === 'offline' ? (
          <Input
            className='qz-input qz-event-location'
            placeholder='活动地点'
            maxlength={EventLimits.locationMax}
            value={draft.location}
            onInput={(e) => set({ location: e.detail.value })}
          />
        ) : (
          <Input
            className='qz-input qz-event-url'
            placeholder='会议链接（仅报名成功者可见）'
            value={draft.onlineUrl}
            onInput={(e) => set({ onlineUrl: e.detail.value })}
          />
        )}
        {(['start', 'end'] as const).map((k) => (
          <View key={k} className='qz-field'>
            <Text className='qz-field__label'>{k === 'start' ? '开始' : '结束'}（北京时间）</Text>
            <Picker
              mode='date'
              value={draft[`${k}Date`]}
              onChange={(e) => set({ [`${k}Date`]: e.detail.value } as Partial<EventDraft>)}
            >
              <View className='qz-input'>{draft[`${k}Date`]}</View>
            </Picker>
            <Picker
              mode='time'
              value={draft[`${k}Time`]}
              onChange={(e) => set({ [`${k}Time`]: e.detail.value } as Partial<EventDraft>)}
            >
              <View className='qz-input'>{draft[`${k}Time`]}</View>
            </Picker>
          </View>
        ))}
        <Textarea
          className='qz-textarea'
          placeholder='活动介绍'
          maxlength={EventLimits.descriptionMax}
          value={draft.description}
          onInput={(e) => set({ description: e.detail.value })}
        />
        <View className='qz-field'>
          <Text className='qz-field__label'>报名需审核</Text>
          <Switch checked={draft.requireApproval} onChange={(e) => set({ requireApproval: e.detail.value })} />
        </View>
        <View className='qz-field'>
          <Text className='qz-field__label'>满员后候补</Text>
          <Switch checked={draft.waitlist} onChange={(e) => set({ waitlist: e.detail.value })} />
        </View>
        <View className='qz-field'>
          <Text className='qz-field__label'>退款截止（之前取消全额退款，之后不退）</Text>
          <Switch
            className='qz-refund-deadline-switch'
            checked={draft.refundDeadlineOn}
            onChange={(e) => set({ refundDeadlineOn: e.detail.value })}
          />
        </View>
        {draft.refundDeadlineOn ? (
          <View className='qz-field qz-refund-deadline'>
            <Picker mode='date' value={draft.refundDate} onChange={(e) => set({ refundDate: e.detail.value })}>
              <View className='qz-input'>{draft.refundDate}</View>
            </Picker>
            <Picker mode='time' value={draft.refundTime} onChange={(e) => set({ refundTime: e.detail.value })}>
              <View className='qz-input'>{draft.refundTime}</View>
            </Picker>
          </View>
        ) : null}
      </View>
      <TicketBuilder tickets={draft.tickets} onChange={(tickets) => set({ tickets })} />
      <FieldBuilder fields={draft.fields} onChange={(fields) => set({ fields })} />
      {error ? <Text className='qz-ev-error qz-event-form-error'>{error}</Text> : null}
      <View className='qz-ev-actions'>
        {status === 'draft' ? (
          <Button className='qz-btn qz-btn--ghost qz-save-draft' disabled={busy} onClick={() => void save(false)}>
            保存草稿
          </Button>
        ) : null}
        <Button
          className={`qz-btn qz-btn--primary qz-publish ${busy ? 'qz-btn--busy' : ''}`}
          disabled={busy}
          onClick={() => void save(status === 'draft')}
        >
          {status === 'draft' ? '发布活动' : '保存修改'}
        </Button>
      </View>
    </View>
  );
}

export default function EventEditPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-event-edit'>
      <RequireLogin>
        {params.id ? (
          <EditEvent eventId={params.id} />
        ) : params.circleId ? (
          <CreateEvent circleId={params.circleId} />
        ) : (
          <ErrorState message='缺少参数' />
        )}
      </RequireLogin>
    </View>
  );
}
