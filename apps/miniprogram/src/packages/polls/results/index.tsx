import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { PollView } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useCircle } from '../../../hooks/useCircle';
import { useLoad } from '../../../hooks/useLoad';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone, toastText } from '../../../utils/confirm';
import { isCircleAdmin } from '../../../utils/membership';
import { PollFunnel } from '../components/PollFunnel';
import { ResultBars } from '../components/ResultBars';
import { TextAnswers } from '../components/TextAnswers';
import { pollExporter } from '../services/exporter';
import { PollEvents, shanghaiTime, statusText } from '../services';
import '../components/polls.css';
import { PrivacySheet } from '../../../components/PrivacySheet';

function AdminTools({ poll, onClosed }: { poll: PollView; onClosed: (poll: PollView) => void }) {
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const link = await api.pollExportLink(poll.id);
      const message = await pollExporter.deliver(link);
      if (message) toastText(message);
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusy(false);
    }
  };
  const close = async () => {
    if (
      !(await confirm({
        title: '结束投票',
        content: '结束后成员不能再提交，且无法重新开启。',
        confirmText: '结束',
        danger: true,
      }))
    )
      return;
    setBusy(true);
    try {
      const closed = await api.closePoll(poll.id);
      onClosed(closed);
      Taro.eventCenter.trigger(PollEvents.changed, closed);
      toastDone('已结束');
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='qz-poll-admin-tools'>
      <Button
        className='qz-btn qz-btn--ghost qz-btn--small qz-poll-export'
        disabled={busy}
        onClick={() => void exportCsv()}
      >
        {pollExporter.label}
      </Button>
      {poll.closed ? null : (
        <Button
          className='qz-btn qz-btn--danger qz-btn--small qz-poll-close'
          disabled={busy}
          onClick={() => void close()}
        >
          结束投票
        </Button>
      )}
    </View>
  );
}

function Results({ pollId }: { pollId: string }) {
  const fetchResults = useCallback(async () => {
    const [poll, results] = await Promise.all([quietApi.getPoll(pollId), quietApi.pollResults(pollId)]);
    return { poll, results };
  }, [pollId]);
  const { load, reload, set } = useLoad(fetchResults);
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  const circleId = load.status === 'ready' ? load.data.poll.circleId : undefined;
  const { load: circle } = useCircle(circleId, circleId !== undefined);
  const admin = circle.status === 'ready' && isCircleAdmin(circle.data.myMembership);

  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error')
    return <ErrorState title='暂时看不到结果' message={load.message} onRetry={() => void reload()} />;
  const { poll, results } = load.data;
  return (
    <View>
      <View className='qz-card qz-poll-intro'>
        <Text className='qz-poll-intro__title qz-poll-title'>{poll.title}</Text>
        <Text className='qz-poll-intro__meta'>
          <Text className='qz-poll-response-count'>{results.responseCount}</Text> 人参与 · {statusText(poll)}
          {poll.closesAt && !poll.closed ? ` · ${shanghaiTime(poll.closesAt)} 截止` : ''}
        </Text>
        {admin ? <PollFunnel pollId={poll.id} /> : null}
        {admin ? <AdminTools poll={poll} onClosed={(closed) => set({ poll: closed, results })} /> : null}
      </View>
      {poll.questions.map((q, i) => {
        const r = results.questions.find((x) => x.questionId === q.id);
        if (!r) return null;
        if (q.type === 'text' && admin) return <TextAnswers key={q.id} pollId={poll.id} question={q} index={i} />;
        return <ResultBars key={q.id} question={q} result={r} index={i} />;
      })}
    </View>
  );
}

export default function PollResultsPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-poll-results-page'>
      <RequireLogin>{id ? <Results pollId={id} /> : <ErrorState message='请从投票列表进入' />}</RequireLogin>
      <PrivacySheet />
    </View>
  );
}
