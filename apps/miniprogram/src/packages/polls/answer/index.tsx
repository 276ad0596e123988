import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { PollAnswer, PollView } from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { useShare } from '../../../hooks/useShare';
import { JoinToView } from '../../../components/JoinToView';
import { shareOfPoll } from '../../../utils/share';
import { routes } from '../../../routes';
import { ApiError, errorMessage, errorStatus, quietApi } from '../../../services/http';
import { toastDone } from '../../../utils/confirm';
import { QuestionField } from '../components/QuestionField';
import { PollEvents, shanghaiTime, visibilityLabel } from '../services';
import '../components/polls.css';

/** What is wrong with each question before sending (the server checks the same and more). */
function localErrors(poll: PollView, answers: Record<string, PollAnswer>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const q of poll.questions) {
    const a = answers[q.id];
    const empty =
      !a || (q.type === 'text' ? !a.text?.trim() : q.type === 'rating' ? a.rating === undefined : !a.optionIds?.length);
    if (q.required && empty) errors[q.id] = '这是必答题';
    else if (q.type === 'multiple' && q.maxChoices && (a?.optionIds?.length ?? 0) > q.maxChoices)
      errors[q.id] = `最多选 ${q.maxChoices} 项`;
  }
  return errors;
}

/** Server details name fields as `answers[i].…`; map them back to the question they concern. */
function serverErrors(
  err: unknown,
  sent: PollAnswer[],
): { byQuestion: Record<string, string>; general: string | null } {
  const byQuestion: Record<string, string> = {};
  const general: string[] = [];
  if (err instanceof ApiError && err.body.details?.length) {
    for (const d of err.body.details) {
      const m = /^answers\[(\d+)\]/.exec(d.field);
      const q = m ? sent[Number(m[1])]?.questionId : undefined;
      if (q) byQuestion[q] = d.message;
      else general.push(d.message);
    }
  } else {
    general.push(errorMessage(err));
  }
  return { byQuestion, general: general.length ? general.join('；') : null };
}

/** `inviteCode`: the invite that led here (its preset tags come with the answer). */
function AnswerForm({ pollId, inviteCode }: { pollId: string; inviteCode?: string }) {
  const [answers, setAnswers] = useState<Record<string, PollAnswer>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fetchPoll = useCallback(async () => {
    const poll = await quietApi.getPoll(pollId);
    if (poll.myResponse) setAnswers(Object.fromEntries(poll.myResponse.answers.map((a) => [a.questionId, a])));
    return poll;
  }, [pollId]);
  const { load, reload, set } = useLoad(fetchPoll);
  useShare(load.status === 'ready' ? shareOfPoll(load.data) : null, {
    title: '邀你投票',
    path: routes.pollAnswer({ id: pollId }),
  });

  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error' && errorStatus(load.error) === 403 && inviteCode)
    return <JoinToView code={inviteCode} what='这份问卷' />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  const poll = load.data;
  const locked = poll.responded || poll.closed || busy;

  const submit = async () => {
    const local = localErrors(poll, answers);
    setErrors(local);
    setFormError(Object.keys(local).length ? '还有题目没有答好，请检查标红的题目' : null);
    if (Object.keys(local).length) return;
    const sent = poll.questions.map((q) => answers[q.id]).filter((a): a is PollAnswer => Boolean(a));
    setBusy(true);
    try {
      const updated = await quietApi.respondToPoll(poll.id, { answers: sent, ...(inviteCode ? { inviteCode } : {}) });
      set(updated);
      Taro.eventCenter.trigger(PollEvents.changed, updated);
      toastDone('已提交');
      if (updated.canSeeResults) void Taro.redirectTo({ url: routes.pollResults({ id: poll.id }) });
    } catch (err) {
      if (err instanceof ApiError && (err.body.code === 'ALREADY_DONE' || err.body.code === 'CLOSED')) {
        setFormError(err.body.code === 'CLOSED' ? '投票已结束' : '你已经提交过了');
        void reload();
      } else {
        const { byQuestion, general } = serverErrors(err, sent);
        setErrors(byQuestion);
        setFormError(general ?? '还有题目没有答好，请检查标红的题目');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='qz-card qz-poll-intro'>
        <Text className='qz-poll-intro__title qz-poll-title'>{poll.title}</Text>
        {poll.description ? <Text className='qz-poll-intro__desc'>{poll.description}</Text> : null}
        <Text className='qz-poll-intro__meta'>
          {poll.anonymous ? '匿名' : '实名'} · {visibilityLabel[poll.resultsVisibility]} · {poll.responseCount} 人参与
          {poll.closesAt ? ` · ${shanghaiTime(poll.closesAt)} 截止` : ''}
        </Text>
        {poll.anonymous ? (
          <Text className='qz-poll-intro__note'>匿名问卷不记录你是谁，管理员也看不到你的答案属于谁。</Text>
        ) : null}
      </View>
      {poll.closed ? <Text className='qz-poll-banner qz-poll-closed'>投票已结束</Text> : null}
      {poll.responded ? (
        <Text className='qz-poll-banner qz-poll-done'>
          {poll.anonymous ? '你已匿名提交，答案不会与你关联' : '你已提交，以下是你的回答'}
        </Text>
      ) : null}
      {poll.responded && poll.anonymous
        ? null
        : poll.questions.map((q, i) => (
            <QuestionField
              key={q.id}
              question={q}
              index={i}
              answer={answers[q.id]}
              error={errors[q.id] ?? null}
              disabled={locked}
              onChange={(a) => {
                setAnswers((prev) => ({ ...prev, [q.id]: a }));
                setErrors((prev) => ({ ...prev, [q.id]: '' }));
              }}
            />
          ))}
      {formError ? <Text className='qz-form-error qz-poll-form-error'>{formError}</Text> : null}
      {!poll.responded && !poll.closed ? (
        <Button
          className={`qz-btn qz-btn--primary qz-poll-submit ${busy ? 'qz-btn--busy' : ''}`}
          disabled={busy}
          onClick={() => void submit()}
        >
          {busy ? '提交中…' : '提交'}
        </Button>
      ) : null}
      {poll.canSeeResults ? (
        <Button
          className='qz-btn qz-btn--ghost qz-poll-see-results'
          onClick={() => void Taro.navigateTo({ url: routes.pollResults({ id: poll.id }) })}
        >
          查看结果
        </Button>
      ) : (
        <Text className='qz-poll-banner qz-poll-results-hidden'>结果{visibilityLabel[poll.resultsVisibility]}</Text>
      )}
    </View>
  );
}

export default function PollAnswerPage() {
  const { id, inviteCode } = useRouter().params;
  return (
    <View className='qz-page qz-poll-answer-page'>
      <RequireLogin>
        {id ? <AnswerForm pollId={id} inviteCode={inviteCode} /> : <ErrorState message='请从投票列表进入' />}
      </RequireLogin>
    </View>
  );
}
