import { ErrorCode, PollLimits, type FieldError } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import type { PollAnswerDto } from './dto/response.dto';
import type { PollQuestion, StoredAnswer } from './polls.schema';

/**
 * Checks answers against the poll's questions and returns what is stored. Every problem is
 * reported as `answers[i].field` (or `answers` for a missing required question).
 */
export function checkAnswers(questions: PollQuestion[], answers: PollAnswerDto[]): StoredAnswer[] {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const stored: StoredAnswer[] = [];
  answers.forEach((a, i) => {
    const at = `answers[${i}]`;
    const q = byId.get(a.questionId);
    if (!q) return void errors.push({ field: `${at}.questionId`, message: '没有这个问题' });
    if (seen.has(q.id)) return void errors.push({ field: `${at}.questionId`, message: '同一问题只能回答一次' });
    seen.add(q.id);
    const extra = (['optionIds', 'text', 'rating'] as const).filter((k) => a[k] !== undefined && k !== fieldOf(q));
    for (const k of extra) errors.push({ field: `${at}.${k}`, message: '此题型不接受这个字段' });
    if (q.type === 'single' || q.type === 'multiple') {
      const ids = [...new Set(a.optionIds ?? [])];
      const known = new Set(q.options.map((o) => o.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) errors.push({ field: `${at}.optionIds`, message: `没有这个选项：${unknown.join(', ')}` });
      else if (q.type === 'single' && ids.length > 1)
        errors.push({ field: `${at}.optionIds`, message: '单选题只能选一项' });
      else if (q.type === 'multiple' && ids.length > (q.maxChoices ?? q.options.length))
        errors.push({ field: `${at}.optionIds`, message: `最多选 ${q.maxChoices} 项` });
      if (ids.length > 0) stored.push({ questionId: q.id, optionIds: ids });
    } else if (q.type === 'text') {
      const text = (a.text ?? '').trim();
      if ([...text].length > PollLimits.textAnswerMax)
        errors.push({ field: `${at}.text`, message: `最多 ${PollLimits.textAnswerMax} 字` });
      else if (text) stored.push({ questionId: q.id, text });
    } else if (a.rating !== undefined) {
      if (a.rating < PollLimits.ratingMin || a.rating > PollLimits.ratingMax)
        errors.push({
          field: `${at}.rating`,
          message: `评分须在 ${PollLimits.ratingMin}–${PollLimits.ratingMax} 之间`,
        });
      else stored.push({ questionId: q.id, rating: a.rating });
    }
  });
  const answered = new Set(stored.map((s) => s.questionId));
  questions.forEach((q, qi) => {
    if (
      q.required &&
      !answered.has(q.id) &&
      !errors.some((e) => e.field.startsWith(`answers[${answers.findIndex((a) => a.questionId === q.id)}]`))
    ) {
      errors.push({ field: 'answers', message: `第 ${qi + 1} 题「${q.title}」必须回答` });
    }
  });
  if (stored.length === 0 && errors.length === 0) errors.push({ field: 'answers', message: '请至少回答一个问题' });
  if (errors.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, '回答不符合问卷要求', errors);
  // Stored in question order, whatever order they arrived in.
  const order = new Map(questions.map((q, i) => [q.id, i]));
  return stored.sort((x, y) => order.get(x.questionId)! - order.get(y.questionId)!);
}

function fieldOf(q: PollQuestion): 'optionIds' | 'text' | 'rating' {
  return q.type === 'text' ? 'text' : q.type === 'rating' ? 'rating' : 'optionIds';
}
