import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { PHONE_PATTERN, type EventView, type RegistrationView } from '@quanzi/contract';
import { fieldMessages, quietApi, errorMessage } from '../../../services/http';
import { confirm } from '../../../utils/confirm';
import { priceLabel } from '../services/format';

const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** Ticket type choice + the event's own form, validated here first and by the server for real. */
/** `inviteCode`: the invite that brought the member here (its preset tags come with the ticket). */
export function SignupForm({
  event,
  inviteCode,
  onDone,
}: {
  /** A member's full event, or the public fields an outsider sees (same form and ticket types). */
  event: Pick<EventView, 'id' | 'title' | 'ticketTypes' | 'formFields' | 'waitlist'>;
  inviteCode?: string;
  onDone: (r: RegistrationView) => void;
}) {
  const open = event.ticketTypes.filter((t) => t.remaining > 0 || event.waitlist);
  const [typeId, setTypeId] = useState(open[0]?.id ?? '');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per intended signup: a retry after a lost answer returns the same registration.
  const key = useRef(newKey());

  const type = event.ticketTypes.find((t) => t.id === typeId);
  const set = (k: string, v: string) => setAnswers((a) => ({ ...a, [k]: v }));

  const submit = async () => {
    const missing = event.formFields.find((f) => f.required && !answers[f.key]?.trim());
    if (missing) return setError(`请填写${missing.label}`);
    const badPhone = event.formFields.find(
      (f) => f.type === 'phone' && answers[f.key] && !PHONE_PATTERN.test(answers[f.key].trim()),
    );
    if (badPhone) return setError(`${badPhone.label}不是有效的手机号`);
    if (!type) return setError('请选择票种');
    const soldOut = type.remaining === 0;
    const ok = await confirm({
      title: soldOut ? '加入候补' : '确认报名',
      content: `${event.title}\n${type.name} · ${priceLabel(type.priceFen)}${soldOut ? '\n名额已满，有人退出时按顺序递补。' : ''}`,
      confirmText: soldOut ? '加入候补' : '报名',
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      const r = await quietApi.register(
        event.id,
        { ticketTypeId: type.id, answers, ...(inviteCode ? { inviteCode } : {}) },
        key.current,
      );
      key.current = newKey();
      onDone(r);
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (event.ticketTypes.length === 0) return null;
  return (
    <View className='qz-card qz-signup-form'>
      <Text className='qz-section-title'>选择票种</Text>
      {event.ticketTypes.map((t) => (
        <View
          key={t.id}
          className={`qz-ev-row qz-ticket-type ${t.id === typeId ? 'qz-ev-row--active' : ''}`}
          onClick={() => setTypeId(t.id)}
        >
          <View>
            <Text className='qz-ev-row__name'>{t.name}</Text>
            <Text className='qz-ev-row__hint'>
              {t.remaining > 0 ? `  剩余 ${t.remaining}` : event.waitlist ? '  已满，可候补' : '  已售罄'}
            </Text>
          </View>
          <Text className='qz-ev-price'>{priceLabel(t.priceFen)}</Text>
        </View>
      ))}
      {event.formFields.length > 0 ? <Text className='qz-section-title'>报名信息</Text> : null}
      {event.formFields.map((f) => (
        <View key={f.key} className={`qz-ev-field qz-form-field-${f.key}`}>
          <Text className='qz-ev-field__label'>
            {f.label}
            {f.required ? ' *' : ''}
          </Text>
          {f.type === 'select' ? (
            <Picker
              mode='selector'
              range={f.options ?? []}
              onChange={(e) => set(f.key, (f.options ?? [])[Number(e.detail.value)])}
            >
              <View className='qz-input'>{answers[f.key] || '请选择'}</View>
            </Picker>
          ) : (
            <Input
              className='qz-input'
              type={f.type === 'phone' ? 'number' : 'text'}
              maxlength={f.type === 'phone' ? 11 : 100}
              placeholder={f.type === 'phone' ? '11 位手机号' : `请输入${f.label}`}
              value={answers[f.key] ?? ''}
              onInput={(e) => set(f.key, e.detail.value)}
            />
          )}
        </View>
      ))}
      {error ? <Text className='qz-ev-error qz-signup-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-signup-submit ${busy ? 'qz-btn--busy' : ''}`}
        disabled={busy || !type}
        onClick={() => void submit()}
      >
        {type && type.remaining === 0 ? '加入候补' : '立即报名'}
      </Button>
    </View>
  );
}
