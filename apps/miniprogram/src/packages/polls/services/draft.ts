import type { CreatePollRequest, PollKind, QuestionType, ResultsVisibility } from '@quanzi/contract';
import { ApiError, errorMessage } from '../../../services/http';

export interface DraftOption {
  key: string;
  label: string;
  tagId: string | null;
}

export interface DraftQuestion {
  key: string;
  type: QuestionType;
  title: string;
  required: boolean;
  maxChoices: number | null;
  options: DraftOption[];
}

/** A poll being written in the builder, before it is sent. */
export interface PollDraft {
  title: string;
  description: string;
  kind: PollKind;
  questions: DraftQuestion[];
  anonymous: boolean;
  /** 'YYYY-MM-DD' in China time, '' for no closing time. */
  closeDate: string;
  closeTime: string;
  visibility: ResultsVisibility;
  /** Preset tags every participant gets. */
  tagIds: string[];
}

let seq = 0;
export const draftKey = () => `k${(seq += 1)}`;
export const newOption = (label = ''): DraftOption => ({ key: draftKey(), label, tagId: null });
export const newQuestion = (type: QuestionType): DraftQuestion => ({
  key: draftKey(),
  type,
  title: '',
  required: true,
  maxChoices: null,
  options: type === 'single' || type === 'multiple' ? [newOption(), newOption()] : [],
});

export const emptyPollDraft = (): PollDraft => ({
  title: '',
  description: '',
  kind: 'poll',
  questions: [newQuestion('single')],
  anonymous: false,
  closeDate: '',
  closeTime: '20:00',
  visibility: 'after_vote',
  tagIds: [],
});

export function toRequest(d: PollDraft): CreatePollRequest {
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
      ...(q.type === 'single' || q.type === 'multiple'
        ? {
            options: q.options.map((o) => ({
              label: o.label.trim(),
              ...(o.tagId && !d.anonymous ? { tagId: o.tagId } : {}),
            })),
          }
        : {}),
    })),
  };
}

/** What the builder shows: a message per question (by index) and one for the form. */
export interface DraftErrors {
  byQuestion: Record<number, string>;
  form: string | null;
}

/** What is wrong before sending (the server checks the same and more). */
export function draftErrors(d: PollDraft): DraftErrors {
  const byQuestion: Record<number, string> = {};
  d.questions.forEach((q, i) => {
    if (!q.title.trim()) byQuestion[i] = '请填写题目';
    else if ((q.type === 'single' || q.type === 'multiple') && q.options.some((o) => !o.label.trim()))
      byQuestion[i] = '选项不能为空';
  });
  const general = !d.title.trim()
    ? '请填写标题'
    : d.kind === 'poll' && d.questions.length !== 1
      ? '投票只能有一个问题，多个问题请选择问卷'
      : null;
  return { byQuestion, form: general ?? (Object.keys(byQuestion).length ? '请检查标红的题目' : null) };
}

/** The server's refusal, mapped back to questions: details name fields as `questions[i]…` / `questions.i…`. */
export function serverDraftErrors(err: unknown): DraftErrors {
  const byQuestion: Record<number, string> = {};
  const rest: string[] = [];
  for (const d of err instanceof ApiError ? (err.body.details ?? []) : []) {
    const m = /^questions[[.](\d+)/.exec(d.field);
    if (m) byQuestion[Number(m[1])] = d.message;
    else rest.push(d.message);
  }
  return {
    byQuestion,
    form: rest.length ? rest.join('；') : Object.keys(byQuestion).length ? '请检查标红的题目' : errorMessage(err),
  };
}
