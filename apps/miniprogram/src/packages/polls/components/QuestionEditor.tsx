import { Input, Picker, Switch, Text, View } from '@tarojs/components';
import { PollLimits } from '@quanzi/contract';
import { questionTypeLabel, type TagOption } from '../services';
import { newOption, type DraftOption, type DraftQuestion } from '../services/draft';

function move<T>(items: T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

export interface QuestionEditorProps {
  question: DraftQuestion;
  index: number;
  count: number;
  anonymous: boolean;
  /** null: the circle's tags are not available (no tags module yet or it failed). */
  tags: TagOption[] | null;
  error: string | null;
  onChange: (q: DraftQuestion) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One question in the builder: title, required, options (add / remove / reorder, tag per single-choice option). */
export function QuestionEditor({
  question: q,
  index,
  count,
  anonymous,
  tags,
  error,
  onChange,
  onMove,
  onRemove,
}: QuestionEditorProps) {
  const isChoice = q.type === 'single' || q.type === 'multiple';
  const setOption = (i: number, patch: Partial<DraftOption>) =>
    onChange({ ...q, options: q.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const tagRange = ['不关联标签', ...(tags ?? []).map((t) => t.name)];
  const maxRange = q.options.map((_, i) => `最多选 ${i + 1} 项`);
  return (
    <View className={`qz-card qz-poll-editor ${error ? 'qz-poll-question--error' : ''}`} data-index={index}>
      <View className='qz-poll-editor__head'>
        <Text className='qz-poll-editor__index'>
          第 {index + 1} 题 · {questionTypeLabel[q.type]}
        </Text>
        <View className='qz-poll-editor__tools'>
          <Text className={`qz-poll-link ${index === 0 ? 'qz-poll-link--off' : ''}`} onClick={() => onMove(-1)}>
            上移
          </Text>
          <Text className={`qz-poll-link ${index === count - 1 ? 'qz-poll-link--off' : ''}`} onClick={() => onMove(1)}>
            下移
          </Text>
          <Text className='qz-poll-link qz-poll-link--danger qz-poll-remove-question' onClick={onRemove}>
            删除
          </Text>
        </View>
      </View>
      <Input
        className='qz-input qz-poll-question-title'
        value={q.title}
        maxlength={PollLimits.questionTitleMax}
        placeholder='题目，例如：想参加线下活动吗？'
        onInput={(e) => onChange({ ...q, title: e.detail.value })}
      />
      {isChoice
        ? q.options.map((o, i) => (
            <View key={o.key} className='qz-poll-editor__option'>
              <Input
                className='qz-input qz-poll-option-input'
                value={o.label}
                maxlength={PollLimits.optionLabelMax}
                placeholder={`选项 ${i + 1}`}
                onInput={(e) => setOption(i, { label: e.detail.value })}
              />
              <Text
                className={`qz-poll-link ${i === 0 ? 'qz-poll-link--off' : ''}`}
                onClick={() => onChange({ ...q, options: move(q.options, i, i - 1) })}
              >
                ↑
              </Text>
              <Text
                className={`qz-poll-link ${i === q.options.length - 1 ? 'qz-poll-link--off' : ''}`}
                onClick={() => onChange({ ...q, options: move(q.options, i, i + 1) })}
              >
                ↓
              </Text>
              <Text
                className={`qz-poll-link qz-poll-link--danger ${q.options.length <= PollLimits.optionsMin ? 'qz-poll-link--off' : ''}`}
                onClick={() =>
                  q.options.length > PollLimits.optionsMin &&
                  onChange({ ...q, options: q.options.filter((_, j) => j !== i) })
                }
              >
                ✕
              </Text>
              {q.type === 'single' && tags && tags.length > 0 && !anonymous ? (
                <Picker
                  mode='selector'
                  range={tagRange}
                  value={Math.max(0, (tags ?? []).findIndex((t) => t.id === o.tagId) + 1)}
                  onChange={(e) => {
                    const picked = Number(e.detail.value);
                    setOption(i, { tagId: picked === 0 ? null : tags[picked - 1].id });
                  }}
                >
                  <Text className={`qz-poll-tag-pick ${o.tagId ? 'qz-poll-tag-pick--on' : ''}`}>
                    {o.tagId ? `标签：${tags.find((t) => t.id === o.tagId)?.name ?? '已选'}` : '+标签'}
                  </Text>
                </Picker>
              ) : null}
            </View>
          ))
        : null}
      {isChoice && q.options.length < PollLimits.optionsMax ? (
        <Text
          className='qz-poll-link qz-poll-add-option'
          onClick={() => onChange({ ...q, options: [...q.options, newOption()] })}
        >
          + 添加选项
        </Text>
      ) : null}
      {q.type === 'single' && anonymous ? (
        <Text className='qz-poll-result__hint'>匿名投票的选项不能关联标签（会暴露成员的选择）</Text>
      ) : null}
      {q.type === 'single' && !anonymous && tags !== null && tags.length === 0 ? (
        <Text className='qz-poll-result__hint'>圈子还没有标签，可在标签管理中创建</Text>
      ) : null}
      <View className='qz-poll-editor__row'>
        <Text>必答</Text>
        <Switch checked={q.required} color='#4F6BED' onChange={(e) => onChange({ ...q, required: e.detail.value })} />
      </View>
      {q.type === 'multiple' ? (
        <Picker
          mode='selector'
          range={maxRange}
          value={(q.maxChoices ?? q.options.length) - 1}
          onChange={(e) => onChange({ ...q, maxChoices: Number(e.detail.value) + 1 })}
        >
          <View className='qz-poll-editor__row'>
            <Text>最多可选</Text>
            <Text className='qz-poll-link qz-poll-max-choices'>{q.maxChoices ?? q.options.length} 项 ›</Text>
          </View>
        </Picker>
      ) : null}
      {error ? <Text className='qz-form-error qz-poll-question-error'>{error}</Text> : null}
    </View>
  );
}
