import { useCallback, useState } from 'react';
import type { PollView, QuestionType } from '@quanzi/contract';
import { quietApi } from '../../../services/http';
import { confirm } from '../../../utils/confirm';
import {
  draftErrors,
  emptyPollDraft,
  newQuestion,
  serverDraftErrors,
  toRequest,
  type DraftErrors,
  type DraftQuestion,
  type PollDraft,
} from '../services/draft';

const NO_ERRORS: DraftErrors = { byQuestion: {}, form: null };

/** The builder's draft, its question operations, the errors shown, and publishing. */
export function usePollDraft(circleId: string) {
  const [draft, setDraft] = useState<PollDraft>(emptyPollDraft);
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const set = useCallback((patch: Partial<PollDraft>) => setDraft((d) => ({ ...d, ...patch })), []);
  const setQuestions = useCallback(
    (change: (qs: DraftQuestion[]) => DraftQuestion[]) => setDraft((d) => ({ ...d, questions: change(d.questions) })),
    [],
  );
  const setQuestion = (i: number, q: DraftQuestion) => setQuestions((qs) => qs.map((x, j) => (j === i ? q : x)));
  const moveQuestion = (i: number, delta: -1 | 1) =>
    setQuestions((qs) => {
      const to = i + delta;
      if (to < 0 || to >= qs.length) return qs;
      const next = [...qs];
      [next[i], next[to]] = [next[to], next[i]];
      return next;
    });
  const addQuestion = (type: QuestionType) => setQuestions((qs) => [...qs, newQuestion(type)]);
  /** A poll has one question: changing its type starts it again. */
  const switchType = (type: QuestionType) => setQuestions(() => [newQuestion(type)]);
  const removeQuestion = async (i: number) => {
    const qs = draft.questions;
    if (qs.length <= 1) return setErrors((e) => ({ ...e, form: '至少需要一个问题' }));
    if (
      qs[i].title &&
      !(await confirm({ title: '删除题目', content: `删除第 ${i + 1} 题？`, confirmText: '删除', danger: true }))
    )
      return;
    setQuestions((all) => all.filter((_, j) => j !== i));
  };
  const toggleTag = (tagId: string) =>
    setDraft((d) => ({
      ...d,
      tagIds: d.tagIds.includes(tagId) ? d.tagIds.filter((x) => x !== tagId) : [...d.tagIds, tagId],
    }));

  /** Checks, then creates the poll; the poll, or null when it was refused (the errors say why). */
  const publish = async (): Promise<PollView | null> => {
    const local = draftErrors(draft);
    setErrors(local);
    if (local.form) return null;
    setBusy(true);
    try {
      return await quietApi.createPoll(circleId, toRequest(draft));
    } catch (err) {
      setErrors(serverDraftErrors(err));
      return null;
    } finally {
      setBusy(false);
    }
  };

  return {
    draft,
    set,
    errors,
    busy,
    setQuestion,
    moveQuestion,
    addQuestion,
    switchType,
    removeQuestion,
    toggleTag,
    publish,
  };
}
