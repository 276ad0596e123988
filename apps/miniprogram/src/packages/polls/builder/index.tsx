import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { PollLimits, type PollKind, type QuestionType } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState } from '../../../components/Status';
import { routes } from '../../../routes';
import { toastDone } from '../../../utils/confirm';
import { AdminOnly } from '../components/AdminOnly';
import { PollSettings } from '../components/PollSettings';
import { QuestionEditor } from '../components/QuestionEditor';
import { usePollDraft } from '../hooks/usePollDraft';
import { PollEvents, loadCircleTags, questionTypeLabel, type TagOption } from '../services';
import '../components/polls.css';

const KINDS: ChipOption<PollKind>[] = [
  { value: 'poll', label: '投票（一个问题）' },
  { value: 'survey', label: '问卷（多个问题）' },
];
const TYPES: QuestionType[] = ['single', 'multiple', 'text', 'rating'];

function Builder({ circleId }: { circleId: string }) {
  const b = usePollDraft(circleId);
  const { draft, errors, busy } = b;
  const [tags, setTags] = useState<TagOption[] | null>(null);

  useEffect(() => {
    void loadCircleTags(circleId).then(setTags);
  }, [circleId]);

  const publish = async () => {
    const poll = await b.publish();
    if (!poll) return;
    Taro.eventCenter.trigger(PollEvents.created, circleId);
    toastDone('已发布');
    void Taro.redirectTo({ url: routes.pollAnswer({ id: poll.id }) });
  };

  return (
    <AdminOnly circleId={circleId}>
      <View className='qz-card'>
        <Text className='qz-form-label'>标题</Text>
        <Input
          className='qz-input qz-poll-form-title'
          value={draft.title}
          maxlength={PollLimits.titleMax}
          placeholder='例如：下次活动去哪儿？'
          onInput={(e) => b.set({ title: e.detail.value })}
        />
        <Text className='qz-form-label'>说明（选填）</Text>
        <Textarea
          className='qz-textarea qz-poll-form-description'
          value={draft.description}
          maxlength={PollLimits.descriptionMax}
          onInput={(e) => b.set({ description: e.detail.value })}
        />
        <Chips className='qz-poll-kind' options={KINDS} value={draft.kind} onChange={(kind) => b.set({ kind })} />
      </View>

      {draft.questions.map((q, i) => (
        <QuestionEditor
          key={q.key}
          question={q}
          index={i}
          count={draft.questions.length}
          anonymous={draft.anonymous}
          tags={tags}
          error={errors.byQuestion[i] || null}
          onChange={(next) => b.setQuestion(i, next)}
          onMove={(delta) => b.moveQuestion(i, delta)}
          onRemove={() => void b.removeQuestion(i)}
        />
      ))}
      {draft.kind === 'survey' && draft.questions.length < PollLimits.questionsMax ? (
        <View className='qz-poll-add-question'>
          {TYPES.map((t) => (
            <Button
              key={t}
              className={`qz-btn qz-btn--plain qz-btn--small qz-poll-add-${t}`}
              onClick={() => b.addQuestion(t)}
            >
              +{questionTypeLabel[t]}
            </Button>
          ))}
        </View>
      ) : null}
      {draft.kind === 'poll' ? (
        <Picker
          mode='selector'
          range={TYPES.map((t) => questionTypeLabel[t])}
          value={TYPES.indexOf(draft.questions[0]?.type ?? 'single')}
          onChange={(e) => b.switchType(TYPES[Number(e.detail.value)])}
        >
          <Text className='qz-poll-link qz-poll-switch-type'>更换题型 ›</Text>
        </Picker>
      ) : null}

      <PollSettings draft={draft} onChange={b.set} tags={tags} onToggleTag={b.toggleTag} />

      {errors.form ? <Text className='qz-form-error qz-poll-form-error'>{errors.form}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-poll-publish ${busy ? 'qz-btn--busy' : ''}`}
        disabled={busy}
        onClick={() => void publish()}
      >
        {busy ? '发布中…' : '发布'}
      </Button>
    </AdminOnly>
  );
}

export default function PollBuilderPage() {
  const { id: circleId } = useRouter().params;
  return (
    <View className='qz-page qz-poll-builder-page'>
      <RequireLogin>
        {circleId ? <Builder circleId={circleId} /> : <ErrorState message='请从圈子的投票问卷进入' />}
      </RequireLogin>
    </View>
  );
}
