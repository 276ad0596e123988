import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { PollLimits, ResultsVisibilities, type CreatePollRequest, type PollKind, type QuestionType, type ResultsVisibility } from '@quanzi/contract'
import { Chips, type ChipOption } from '../../../components/Chips'
import { RequireLogin } from '../../../components/RequireLogin'
import { ErrorState } from '../../../components/Status'
import { routes } from '../../../routes'
import { ApiError, errorMessage, quietApi } from '../../../services/http'
import { confirm, toastDone } from '../../../utils/confirm'
import { AdminOnly } from '../components/AdminOnly'
import { QuestionEditor, newQuestion, type DraftQuestion } from '../components/QuestionEditor'
import { PollEvents, loadCircleTags, questionTypeLabel, visibilityLabel, type TagOption } from '../services'
import '../components/polls.css'

const KINDS: ChipOption<PollKind>[] = [
  { value: 'poll', label: '投票（一个问题）' },
  { value: 'survey', label: '问卷（多个问题）' },
]
const TYPES: QuestionType[] = ['single', 'multiple', 'text', 'rating']

function toRequest(d: { title: string; description: string; kind: PollKind; questions: DraftQuestion[]; anonymous: boolean; closeDate: string; closeTime: string; visibility: ResultsVisibility; tagIds: string[] }): CreatePollRequest {
  return {
    title: d.title.trim(),
    description: d.description.trim() || undefined,
    kind: d.kind,
    anonymous: d.anonymous,
    resultsVisibility: d.visibility,
    tagIds: d.tagIds,
    // The admin picks a wall-clock time in China.
    closesAt: d.closeDate ? new Date(`${d.closeDate}T${d.closeTime || '23:59'}:00+08:00`).toISOString() : null,
    questions: d.questions.map((q) => ({
      type: q.type,
      title: q.title.trim(),
      required: q.required,
      ...(q.type === 'multiple' ? { maxChoices: Math.min(q.maxChoices ?? q.options.length, q.options.length) } : {}),
      ...(q.type === 'single' || q.type === 'multiple' ? { options: q.options.map((o) => ({ label: o.label.trim(), ...(o.tagId && !d.anonymous ? { tagId: o.tagId } : {}) })) } : {}),
    })),
  }
}

function Builder({ circleId }: { circleId: string }) {
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [kind, setKind] = useState<PollKind>('poll')
  const [questions, setQuestions] = useState<DraftQuestion[]>([newQuestion('single')])
  const [anonymous, setAnonymous] = useState(false)
  const [closeDate, setCloseDate] = useState('')
  const [closeTime, setCloseTime] = useState('20:00')
  const [visibility, setVisibility] = useState<ResultsVisibility>('after_vote')
  const [tagIds, setTagIds] = useState<string[]>([])
  const [tags, setTags] = useState<TagOption[] | null>(null)
  const [errors, setErrors] = useState<Record<number, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void loadCircleTags(circleId).then(setTags)
  }, [circleId])

  const setQuestion = (i: number, q: DraftQuestion) => setQuestions((qs) => qs.map((x, j) => (j === i ? q : x)))
  const moveQuestion = (i: number, delta: -1 | 1) =>
    setQuestions((qs) => {
      const to = i + delta
      if (to < 0 || to >= qs.length) return qs
      const next = [...qs]
      ;[next[i], next[to]] = [next[to], next[i]]
      return next
    })
  const removeQuestion = async (i: number) => {
    if (questions.length <= 1) return setFormError('至少需要一个问题')
    if (questions[i].title && !(await confirm({ title: '删除题目', content: `删除第 ${i + 1} 题？`, confirmText: '删除', danger: true }))) return
    setQuestions((qs) => qs.filter((_, j) => j !== i))
  }

  const submit = async () => {
    const local: Record<number, string> = {}
    questions.forEach((q, i) => {
      if (!q.title.trim()) local[i] = '请填写题目'
      else if ((q.type === 'single' || q.type === 'multiple') && q.options.some((o) => !o.label.trim())) local[i] = '选项不能为空'
    })
    const general = !title.trim() ? '请填写标题' : kind === 'poll' && questions.length !== 1 ? '投票只能有一个问题，多个问题请选择问卷' : null
    setErrors(local)
    setFormError(general ?? (Object.keys(local).length ? '请检查标红的题目' : null))
    if (general || Object.keys(local).length) return
    setBusy(true)
    try {
      const poll = await quietApi.createPoll(circleId, toRequest({ title, description, kind, questions, anonymous, closeDate, closeTime, visibility, tagIds }))
      Taro.eventCenter.trigger(PollEvents.created, circleId)
      toastDone('已发布')
      void Taro.redirectTo({ url: routes.pollAnswer({ id: poll.id }) })
    } catch (err) {
      const byQuestion: Record<number, string> = {}
      const rest: string[] = []
      for (const d of err instanceof ApiError ? (err.body.details ?? []) : []) {
        const m = /^questions[[.](\d+)/.exec(d.field)
        if (m) byQuestion[Number(m[1])] = d.message
        else rest.push(d.message)
      }
      setErrors(byQuestion)
      setFormError(rest.length ? rest.join('；') : Object.keys(byQuestion).length ? '请检查标红的题目' : errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <AdminOnly circleId={circleId}>
      <View className='qz-card'>
        <Text className='qz-form-label'>标题</Text>
        <Input className='qz-input qz-poll-form-title' value={title} maxlength={PollLimits.titleMax} placeholder='例如：下次活动去哪儿？' onInput={(e) => setTitle(e.detail.value)} />
        <Text className='qz-form-label'>说明（选填）</Text>
        <Textarea className='qz-textarea qz-poll-form-description' value={description} maxlength={PollLimits.descriptionMax} onInput={(e) => setDescription(e.detail.value)} />
        <Chips className='qz-poll-kind' options={KINDS} value={kind} onChange={setKind} />
      </View>

      {questions.map((q, i) => (
        <QuestionEditor
          key={q.key}
          question={q}
          index={i}
          count={questions.length}
          anonymous={anonymous}
          tags={tags}
          error={errors[i] || null}
          onChange={(next) => setQuestion(i, next)}
          onMove={(delta) => moveQuestion(i, delta)}
          onRemove={() => void removeQuestion(i)}
        />
      ))}
      {kind === 'survey' && questions.length < PollLimits.questionsMax ? (
        <View className='qz-poll-add-question'>
          {TYPES.map((t) => (
            <Button key={t} className={`qz-btn qz-btn--plain qz-btn--small qz-poll-add-${t}`} onClick={() => setQuestions((qs) => [...qs, newQuestion(t)])}>
              +{questionTypeLabel[t]}
            </Button>
          ))}
        </View>
      ) : null}
      {kind === 'poll' ? (
        <Picker mode='selector' range={TYPES.map((t) => questionTypeLabel[t])} value={TYPES.indexOf(questions[0]?.type ?? 'single')} onChange={(e) => setQuestions([newQuestion(TYPES[Number(e.detail.value)])])}>
          <Text className='qz-poll-link qz-poll-switch-type'>更换题型 ›</Text>
        </Picker>
      ) : null}

      <View className='qz-card qz-poll-settings'>
        <Text className='qz-section-title'>设置</Text>
        <View className='qz-poll-editor__row'>
          <Text>匿名（不记录是谁作答，创建后不能更改）</Text>
          <Switch className='qz-poll-anonymous' checked={anonymous} color='#4F6BED' onChange={(e) => setAnonymous(e.detail.value)} />
        </View>
        <Picker mode='selector' range={ResultsVisibilities.map((v) => visibilityLabel[v])} value={ResultsVisibilities.indexOf(visibility)} onChange={(e) => setVisibility(ResultsVisibilities[Number(e.detail.value)])}>
          <View className='qz-poll-editor__row'>
            <Text>结果可见</Text>
            <Text className='qz-poll-link qz-poll-visibility'>{visibilityLabel[visibility]} ›</Text>
          </View>
        </Picker>
        <View className='qz-poll-editor__row'>
          <Text>截止时间（北京时间）</Text>
          <View className='qz-poll-editor__tools'>
            <Picker mode='date' value={closeDate} start={new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)} onChange={(e) => setCloseDate(e.detail.value)}>
              <Text className='qz-poll-link'>{closeDate || '不截止'}</Text>
            </Picker>
            {closeDate ? (
              <Picker mode='time' value={closeTime} onChange={(e) => setCloseTime(e.detail.value)}>
                <Text className='qz-poll-link'>{closeTime}</Text>
              </Picker>
            ) : null}
            {closeDate ? <Text className='qz-poll-link qz-poll-link--danger' onClick={() => setCloseDate('')}>清除</Text> : null}
          </View>
        </View>
        {tags && tags.length > 0 ? (
          <View className='qz-poll-preset-tags'>
            <Text>参与者自动获得标签</Text>
            <View className='qz-poll-tag-row'>
              {tags.map((t) => (
                <Text
                  key={t.id}
                  className={`qz-poll-tag-pick ${tagIds.includes(t.id) ? 'qz-poll-tag-pick--on' : ''}`}
                  onClick={() => setTagIds((ids) => (ids.includes(t.id) ? ids.filter((x) => x !== t.id) : [...ids, t.id]))}
                >
                  {t.name}
                </Text>
              ))}
            </View>
          </View>
        ) : null}
      </View>

      {formError ? <Text className='qz-form-error qz-poll-form-error'>{formError}</Text> : null}
      <Button className={`qz-btn qz-btn--primary qz-poll-publish ${busy ? 'qz-btn--busy' : ''}`} disabled={busy} onClick={() => void submit()}>
        {busy ? '发布中…' : '发布'}
      </Button>
    </AdminOnly>
  )
}

export default function PollBuilderPage() {
  const { id: circleId } = useRouter().params
  return (
    <View className='qz-page qz-poll-builder-page'>
      <RequireLogin>{circleId ? <Builder circleId={circleId} /> : <ErrorState message='请从圈子的投票问卷进入' />}</RequireLogin>
    </View>
  )
}
