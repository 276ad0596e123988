import { Button, Input, Switch, Text, View } from '@tarojs/components';
import { Chips } from '../../../components/Chips';
import type { FieldDraft, TicketDraft } from '../services/draft';

export function TicketBuilder({ tickets, onChange }: { tickets: TicketDraft[]; onChange: (t: TicketDraft[]) => void }) {
  const edit = (i: number, patch: Partial<TicketDraft>) =>
    onChange(tickets.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  return (
    <View className='qz-card qz-ticket-builder'>
      <Text className='qz-section-title'>票种</Text>
      {tickets.map((t, i) => (
        <View key={i} className={`qz-ev-builder__item qz-ticket-draft qz-ticket-draft-${i}`}>
          <Input
            className='qz-input qz-ticket-name'
            placeholder='票种名称，如 早鸟票'
            value={t.name}
            onInput={(e) => edit(i, { name: e.detail.value })}
          />
          <View className='qz-field'>
            <Text className='qz-field__label'>价格(元)</Text>
            <Input
              className='qz-input qz-ticket-price'
              type='digit'
              value={t.price}
              onInput={(e) => edit(i, { price: e.detail.value })}
            />
          </View>
          <View className='qz-field'>
            <Text className='qz-field__label'>名额</Text>
            <Input
              className='qz-input qz-ticket-quota'
              type='number'
              value={t.quota}
              onInput={(e) => edit(i, { quota: e.detail.value })}
            />
          </View>
          <View className='qz-field'>
            <Text className='qz-field__label'>每人限报</Text>
            <Input
              className='qz-input qz-ticket-limit'
              type='number'
              value={t.perUserLimit}
              onInput={(e) => edit(i, { perUserLimit: e.detail.value })}
            />
          </View>
          {!t.id && tickets.length > 1 ? (
            <Text className='qz-ev-link' onClick={() => onChange(tickets.filter((_, j) => j !== i))}>
              删除此票种
            </Text>
          ) : null}
        </View>
      ))}
      <Button
        className='qz-btn qz-btn--ghost qz-add-ticket'
        onClick={() => onChange([...tickets, { name: '', price: '0', quota: '20', perUserLimit: '1' }])}
      >
        添加票种
      </Button>
    </View>
  );
}

const TYPES = [
  { value: 'text' as const, label: '文本' },
  { value: 'phone' as const, label: '手机号' },
  { value: 'select' as const, label: '单选' },
];

export function FieldBuilder({ fields, onChange }: { fields: FieldDraft[]; onChange: (f: FieldDraft[]) => void }) {
  const edit = (i: number, patch: Partial<FieldDraft>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const nextKey = () => {
    let n = fields.length + 1;
    while (fields.some((f) => f.key === `f${n}`)) n += 1;
    return `f${n}`;
  };
  return (
    <View className='qz-card qz-field-builder'>
      <Text className='qz-section-title'>报名表单</Text>
      {fields.length === 0 ? <Text className='qz-ev-row__hint'>不需要额外信息时可以不添加</Text> : null}
      {fields.map((f, i) => (
        <View key={f.key} className={`qz-ev-builder__item qz-field-draft qz-field-draft-${i}`}>
          <Input
            className='qz-input qz-field-label'
            placeholder='名称，如 手机号'
            value={f.label}
            onInput={(e) => edit(i, { label: e.detail.value })}
          />
          <Chips options={TYPES} value={f.type} onChange={(type) => edit(i, { type })} className='qz-field-type' />
          {f.type === 'select' ? (
            <Input
              className='qz-input qz-field-options'
              placeholder='选项，用逗号分隔'
              value={f.options}
              onInput={(e) => edit(i, { options: e.detail.value })}
            />
          ) : null}
          <View className='qz-field'>
            <Text className='qz-field__label'>必填</Text>
            <Switch checked={f.required} onChange={(e) => edit(i, { required: e.detail.value })} />
          </View>
          <Text className='qz-ev-link' onClick={() => onChange(fields.filter((_, j) => j !== i))}>
            删除此项
          </Text>
        </View>
      ))}
      <Button
        className='qz-btn qz-btn--ghost qz-add-field'
        onClick={() => onChange([...fields, { key: nextKey(), label: '', type: 'text', options: '', required: true }])}
      >
        添加报名项
      </Button>
    </View>
  );
}
