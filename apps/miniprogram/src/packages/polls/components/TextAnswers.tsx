import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { PollQuestionView } from '@quanzi/contract';
import { ListFooter, LoadingState } from '../../../components/Status';
import { usePagedList } from '../../../hooks/usePagedList';
import { quietApi } from '../../../services/http';

/** Admins: one text question's answers, paged (no author on anonymous polls). */
export function TextAnswers({
  pollId,
  question,
  index,
}: {
  pollId: string;
  question: PollQuestionView;
  index: number;
}) {
  const fetchPage = useCallback(
    (cursor?: string) => quietApi.pollTextAnswers(pollId, { questionId: question.id, cursor, limit: 10 }),
    [pollId, question.id],
  );
  const list = usePagedList(fetchPage);
  return (
    <View className='qz-card qz-poll-texts' data-question-id={question.id}>
      <Text className='qz-poll-result__title'>
        {index + 1}. {question.title}
      </Text>
      {list.status === 'loading' ? <LoadingState /> : null}
      {list.status === 'error' ? <Text className='qz-form-error'>{list.error}</Text> : null}
      {list.status === 'ready' && list.items.length === 0 ? (
        <Text className='qz-poll-result__hint'>还没有文字回答</Text>
      ) : null}
      {list.items.map((t, i) => (
        <View key={`${i}-${t.day}`} className='qz-poll-text-answer'>
          <Text className='qz-poll-text-answer__text'>{t.text}</Text>
          <Text className='qz-poll-text-answer__meta'>
            {t.author ? `${t.author.nickname} · ` : ''}
            {t.day}
          </Text>
        </View>
      ))}
      <ListFooter
        count={list.items.length}
        loadingMore={list.loadingMore}
        moreFailed={list.moreFailed}
        hasMore={list.hasMore}
        onLoadMore={() => void list.loadMore()}
      />
    </View>
  );
}
