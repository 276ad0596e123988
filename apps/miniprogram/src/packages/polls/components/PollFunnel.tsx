import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { useLoad } from '../../../hooks/useLoad';
import { quietApi } from '../../../services/http';

/**
 * 看过 → 参与 for admins: distinct members who opened the poll and who answered it (an answer
 * counts as a view). Quiet on failure: the results above are what the page is for.
 */
export function PollFunnel({ pollId }: { pollId: string }) {
  const fetch = useCallback(() => quietApi.pollFunnel(pollId), [pollId]);
  const { load } = useLoad(fetch);
  if (load.status === 'loading') return <Text className='qz-poll-funnel'>转化数据加载中…</Text>;
  if (load.status === 'error') return <Text className='qz-poll-funnel'>转化数据暂时不可用</Text>;
  const { viewed, answered } = load.data;
  const rate = viewed > 0 ? `${Math.round((answered / viewed) * 100)}%` : '—';
  return (
    <View className='qz-poll-funnel'>
      <Text>
        看过 <Text className='qz-poll-funnel-viewed'>{viewed}</Text> 人 · 参与{' '}
        <Text className='qz-poll-funnel-answered'>{answered}</Text> 人 · 转化率 {rate}
      </Text>
    </View>
  );
}
