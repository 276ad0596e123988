import { Text, View } from '@tarojs/components';
import type { PollQuestionView, QuestionResults } from '@quanzi/contract';

export interface ResultBarsProps {
  question: PollQuestionView;
  result: QuestionResults;
  index: number;
}

/** One question's tallies as horizontal bars drawn with plain Views (no chart library in the bundle). */
export function ResultBars({ question, result, index }: ResultBarsProps) {
  const rows =
    question.type === 'rating' && result.rating
      ? result.rating.distribution.map((d) => ({
          key: String(d.value),
          label: `${d.value} 分`,
          count: d.count,
          percent: result.answered ? Math.round((d.count / result.answered) * 1000) / 10 : 0,
        }))
      : result.options.map((o) => ({
          key: o.optionId,
          label: question.options.find((q) => q.id === o.optionId)?.label ?? o.optionId,
          count: o.count,
          percent: o.percent,
        }));
  return (
    <View className='qz-card qz-poll-result' data-question-id={question.id}>
      <Text className='qz-poll-result__title'>
        {index + 1}. {question.title}
      </Text>
      <Text className='qz-poll-result__meta'>
        {result.answered} 人作答
        {result.rating && result.rating.average !== null ? ` · 平均 ${result.rating.average} 分` : ''}
      </Text>
      {question.type === 'text' ? <Text className='qz-poll-result__hint'>文字回答仅管理员可查看</Text> : null}
      {rows.map((r) => (
        <View key={r.key} className='qz-poll-bar' data-option-id={r.key}>
          <View className='qz-poll-bar__head'>
            <Text className='qz-poll-bar__label'>{r.label}</Text>
            <Text className='qz-poll-bar__count'>
              {r.count} 票 · {r.percent}%
            </Text>
          </View>
          <View className='qz-poll-bar__track'>
            <View className='qz-poll-bar__fill' style={{ width: `${Math.min(100, r.percent)}%` }} />
          </View>
        </View>
      ))}
    </View>
  );
}
