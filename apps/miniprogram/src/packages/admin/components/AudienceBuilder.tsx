import { Input, Text, View } from '@tarojs/components';
import {
  AudienceRegistrationStatuses,
  EngagementSegments,
  type AudienceRegistrationStatus,
  type BroadcastAudience,
  type EngagementSegment,
} from '@quanzi/contract';
import { Chips } from '../../../components/Chips';
import { REGISTRATION_LABEL } from '../services/broadcasts';

export interface AudienceChoices {
  tags: { id: string; name: string }[];
  channels: string[];
  events: { id: string; title: string }[];
  polls: { id: string; title: string; anonymous: boolean }[];
}

export interface AudienceBuilderProps {
  value: BroadcastAudience;
  onChange: (next: BroadcastAudience) => void;
  choices: AudienceChoices;
}

const ANY = '';

/**
 * Who a broadcast goes to. Every condition narrows (all of them must hold); none chosen means
 * every member. Tags toggle one by one; the other conditions are single choices.
 */
export function AudienceBuilder({ value, onChange, choices }: AudienceBuilderProps) {
  const set = (patch: Partial<BroadcastAudience>) => {
    const next: BroadcastAudience = { ...value, ...patch };
    for (const k of Object.keys(next) as (keyof BroadcastAudience)[]) {
      const v = next[k];
      if (v === undefined || v === ANY || (Array.isArray(v) && v.length === 0)) delete next[k];
    }
    if (!next.tagIds) delete next.tagMode;
    if (!next.eventId) delete next.registrationStatus;
    onChange(next);
  };
  const tagIds = value.tagIds ?? [];
  const toggleTag = (id: string) =>
    set({ tagIds: tagIds.includes(id) ? tagIds.filter((t) => t !== id) : [...tagIds, id] });
  const pollMode = value.notAnsweredPollId ? 'not' : 'answered';
  const pollId = value.pollId ?? value.notAnsweredPollId ?? ANY;
  const setPoll = (id: string, mode: string) =>
    set(mode === 'not' ? { pollId: undefined, notAnsweredPollId: id } : { pollId: id, notAnsweredPollId: undefined });

  return (
    <View className='qz-audience'>
      <Text className='qz-form-label'>标签</Text>
      {choices.tags.length === 0 ? <Text className='qz-audience__hint'>圈子还没有标签</Text> : null}
      <View className='qz-chips__row qz-audience-tags'>
        {choices.tags.map((t) => (
          <Text
            key={t.id}
            className={`qz-chip ${tagIds.includes(t.id) ? 'qz-chip--active' : ''}`}
            data-value={t.id}
            onClick={() => toggleTag(t.id)}
          >
            {t.name}
          </Text>
        ))}
      </View>
      {tagIds.length > 1 ? (
        <Chips
          className='qz-audience-tag-mode'
          options={[
            { value: 'all', label: '同时拥有所选标签' },
            { value: 'any', label: '拥有任一标签' },
          ]}
          value={value.tagMode ?? 'all'}
          onChange={(tagMode) => set({ tagMode })}
        />
      ) : null}

      {choices.channels.length > 0 ? (
        <View>
          <Text className='qz-form-label'>加入渠道</Text>
          <Chips
            className='qz-audience-channel'
            options={[{ value: ANY, label: '不限' }, ...choices.channels.map((c) => ({ value: c, label: c }))]}
            value={value.channel ?? ANY}
            onChange={(channel) => set({ channel })}
          />
        </View>
      ) : null}

      <Text className='qz-form-label'>活动报名</Text>
      <Chips
        className='qz-audience-event'
        options={[{ value: ANY, label: '不限' }, ...choices.events.map((e) => ({ value: e.id, label: e.title }))]}
        value={value.eventId ?? ANY}
        onChange={(eventId) => set({ eventId })}
      />
      {value.eventId ? (
        <Chips<AudienceRegistrationStatus | ''>
          className='qz-audience-registration'
          options={[
            { value: ANY, label: '全部报名者' },
            ...AudienceRegistrationStatuses.map((s) => ({ value: s, label: REGISTRATION_LABEL[s] })),
          ]}
          value={value.registrationStatus ?? ANY}
          onChange={(s) => set({ registrationStatus: s || undefined })}
        />
      ) : null}

      <Text className='qz-form-label'>投票问卷</Text>
      <Chips
        className='qz-audience-poll'
        options={[
          { value: ANY, label: '不限' },
          ...choices.polls.map((p) => ({ value: p.id, label: p.anonymous ? `${p.title}（匿名）` : p.title })),
        ]}
        value={pollId}
        onChange={(id) => setPoll(id, choices.polls.find((p) => p.id === id)?.anonymous ? 'not' : pollMode)}
      />
      {pollId ? (
        <Chips
          className='qz-audience-poll-mode'
          options={[
            // An anonymous poll cannot be narrowed to who answered: nobody's answer leads back to them.
            ...(choices.polls.find((p) => p.id === pollId)?.anonymous ? [] : [{ value: 'answered', label: '已参与' }]),
            { value: 'not', label: '未参与' },
          ]}
          value={pollMode}
          onChange={(mode) => setPoll(pollId, mode)}
        />
      ) : null}

      <Text className='qz-form-label'>未活跃天数（可选）</Text>
      <Input
        className='qz-input qz-audience-inactive'
        type='number'
        placeholder='例如 30：30 天内没有任何互动'
        value={value.inactiveDays ? String(value.inactiveDays) : ''}
        onInput={(e) => {
          const n = Number(e.detail.value);
          set({ inactiveDays: Number.isInteger(n) && n > 0 ? n : undefined });
        }}
      />

      <Text className='qz-form-label'>成员分层</Text>
      <Chips<EngagementSegment | ''>
        className='qz-audience-segment'
        options={[{ value: ANY, label: '不限' }, ...EngagementSegments.map((s) => ({ value: s, label: s }))]}
        value={value.segment ?? ANY}
        onChange={(segment) => set({ segment: segment || undefined })}
      />
    </View>
  );
}
