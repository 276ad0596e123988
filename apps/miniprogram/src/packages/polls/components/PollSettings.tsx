import { Picker, Switch, Text, View } from '@tarojs/components';
import { ResultsVisibilities } from '@quanzi/contract';
import { visibilityLabel, type TagOption } from '../services';
import type { PollDraft } from '../services/draft';

export interface PollSettingsProps {
  draft: PollDraft;
  onChange: (patch: Partial<PollDraft>) => void;
  /** null: the circle's tags are not available. */
  tags: TagOption[] | null;
  onToggleTag: (tagId: string) => void;
}

/** The builder's 设置 card: anonymity, who sees results, closing time (China time), preset tags. */
export function PollSettings({ draft, onChange, tags, onToggleTag }: PollSettingsProps) {
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  return (
    <View className='qz-card qz-poll-settings'>
      <Text className='qz-section-title'>设置</Text>
      <View className='qz-poll-editor__row'>
        <Text>匿名（不记录是谁作答，创建后不能更改）</Text>
        <Switch
          className='qz-poll-anonymous'
          checked={draft.anonymous}
          color='#4F6BED'
          onChange={(e) => onChange({ anonymous: e.detail.value })}
        />
      </View>
      <Picker
        mode='selector'
        range={ResultsVisibilities.map((v) => visibilityLabel[v])}
        value={ResultsVisibilities.indexOf(draft.visibility)}
        onChange={(e) => onChange({ visibility: ResultsVisibilities[Number(e.detail.value)] })}
      >
        <View className='qz-poll-editor__row'>
          <Text>结果可见</Text>
          <Text className='qz-poll-link qz-poll-visibility'>{visibilityLabel[draft.visibility]} ›</Text>
        </View>
      </Picker>
      <View className='qz-poll-editor__row'>
        <Text>截止时间（北京时间）</Text>
        <View className='qz-poll-editor__tools'>
          <Picker
            mode='date'
            value={draft.closeDate}
            start={today}
            onChange={(e) => onChange({ closeDate: e.detail.value })}
          >
            <Text className='qz-poll-link'>{draft.closeDate || '不截止'}</Text>
          </Picker>
          {draft.closeDate ? (
            <Picker mode='time' value={draft.closeTime} onChange={(e) => onChange({ closeTime: e.detail.value })}>
              <Text className='qz-poll-link'>{draft.closeTime}</Text>
            </Picker>
          ) : null}
          {draft.closeDate ? (
            <Text className='qz-poll-link qz-poll-link--danger' onClick={() => onChange({ closeDate: '' })}>
              清除
            </Text>
          ) : null}
        </View>
      </View>
      {tags && tags.length > 0 ? (
        <View className='qz-poll-preset-tags'>
          <Text>参与者自动获得标签</Text>
          <View className='qz-poll-tag-row'>
            {tags.map((t) => (
              <Text
                key={t.id}
                className={`qz-poll-tag-pick ${draft.tagIds.includes(t.id) ? 'qz-poll-tag-pick--on' : ''}`}
                onClick={() => onToggleTag(t.id)}
              >
                {t.name}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
    </View>
  );
}
