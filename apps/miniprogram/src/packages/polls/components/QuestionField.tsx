import { Text, Textarea, View } from '@tarojs/components';
import { PollLimits, type PollAnswer, type PollQuestionView } from '@quanzi/contract';
import { questionTypeLabel } from '../services';

export interface QuestionFieldProps {
  question: PollQuestionView;
  index: number;
  answer: PollAnswer | undefined;
  error: string | null;
  disabled: boolean;
  onChange: (answer: PollAnswer) => void;
}

/** The control for one question: single / multiple (with its maximum) choice, text, or 1–5 rating. */
export function QuestionField({ question: q, index, answer, error, disabled, onChange }: QuestionFieldProps) {
  const chosen = answer?.optionIds ?? [];
  const toggle = (optionId: string) => {
    if (disabled) return;
    if (q.type === 'single') return onChange({ questionId: q.id, optionIds: [optionId] });
    const next = chosen.includes(optionId) ? chosen.filter((id) => id !== optionId) : [...chosen, optionId];
    onChange({ questionId: q.id, optionIds: next });
  };
  return (
    <View className={`qz-card qz-poll-question ${error ? 'qz-poll-question--error' : ''}`} data-question-id={q.id}>
      <View className='qz-poll-question__head'>
        <Text className='qz-poll-question__title'>
          {index + 1}. {q.title}
        </Text>
        {q.required ? <Text className='qz-poll-required'>*必答</Text> : null}
      </View>
      <Text className='qz-poll-question__type'>
        {questionTypeLabel[q.type]}
        {q.type === 'multiple' && q.maxChoices ? `，最多选 ${q.maxChoices} 项` : ''}
      </Text>
      {q.type === 'single' || q.type === 'multiple'
        ? q.options.map((o) => (
            <View
              key={o.id}
              className={`qz-poll-option ${chosen.includes(o.id) ? 'qz-poll-option--on' : ''}`}
              data-option-id={o.id}
              onClick={() => toggle(o.id)}
            >
              <View className={`qz-poll-option__mark ${q.type === 'single' ? 'qz-poll-option__mark--round' : ''}`} />
              <Text className='qz-poll-option__label'>{o.label}</Text>
            </View>
          ))
        : null}
      {q.type === 'text' ? (
        <Textarea
          className='qz-textarea qz-poll-text'
          value={answer?.text ?? ''}
          maxlength={PollLimits.textAnswerMax}
          disabled={disabled}
          placeholder='请输入你的回答'
          onInput={(e) => onChange({ questionId: q.id, text: e.detail.value })}
        />
      ) : null}
      {q.type === 'rating' ? (
        <View className='qz-poll-rating'>
          {[1, 2, 3, 4, 5].map((v) => (
            <Text
              key={v}
              className={`qz-poll-rating__item ${answer?.rating !== undefined && v <= answer.rating ? 'qz-poll-rating__item--on' : ''}`}
              data-value={v}
              onClick={() => !disabled && onChange({ questionId: q.id, rating: v })}
            >
              {v}
            </Text>
          ))}
        </View>
      ) : null}
      {error ? <Text className='qz-form-error qz-poll-question-error'>{error}</Text> : null}
    </View>
  );
}
