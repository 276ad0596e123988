import { randomBytes } from 'node:crypto';
import { ErrorCode, PollLimits, type FieldError, type PollKind } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import type { PollQuestionDto } from './dto/poll.dto';
import type { PollQuestion } from './polls.schema';

const CHOICE_TYPES = new Set(['single', 'multiple']);

/** A short id not in `taken` (8 base32-ish characters; collisions are retried, not assumed away). */
function newShortId(taken: Set<string>): string {
  for (;;) {
    const id = randomBytes(6).toString('base64url').slice(0, 8);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * Turns the builder's questions into stored ones: ids the client sent are kept (so answers,
 * results and option tags stay attached across edits), missing ones are assigned. Checks the
 * rules one field cannot express alone and throws VALIDATION_FAILED with every problem found.
 *
 * Option tags are refused on anonymous polls: a tag lands on the member's profile, so a tag
 * per option would tell admins which option that member chose, undoing the anonymity. Preset
 * poll tags are the same for every respondent and only reveal that the member took part.
 */
export function buildQuestions(kind: PollKind, anonymous: boolean, input: PollQuestionDto[]): PollQuestion[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  if (kind === 'poll' && input.length !== 1) add('questions', '投票只能有一个问题（多个问题请选择问卷）');

  const questionIds = new Set(input.map((q) => q.id).filter((id): id is string => Boolean(id)));
  if (questionIds.size !== input.filter((q) => q.id).length) add('questions', '问题 id 重复');

  const questions = input.map((q, i): PollQuestion => {
    const at = `questions[${i}]`;
    const options = q.options ?? [];
    const isChoice = CHOICE_TYPES.has(q.type);
    if (isChoice && options.length < PollLimits.optionsMin)
      add(`${at}.options`, `选择题至少需要 ${PollLimits.optionsMin} 个选项`);
    if (!isChoice && options.length > 0) add(`${at}.options`, '只有选择题可以设置选项');
    if (q.maxChoices !== undefined) {
      if (q.type !== 'multiple') add(`${at}.maxChoices`, '只有多选题可以设置最多选几项');
      else if (q.maxChoices > options.length) add(`${at}.maxChoices`, '最多可选数不能超过选项数');
    }
    const optionIds = new Set(options.map((o) => o.id).filter((id): id is string => Boolean(id)));
    if (optionIds.size !== options.filter((o) => o.id).length) add(`${at}.options`, '选项 id 重复');
    options.forEach((o, j) => {
      if (!o.tagId) return;
      if (q.type !== 'single') add(`${at}.options[${j}].tagId`, '只有单选题的选项可以关联标签');
      else if (anonymous)
        add(`${at}.options[${j}].tagId`, '匿名投票的选项不能关联标签（标签会暴露成员的选择），可改用投票预设标签');
    });
    return {
      id: q.id ?? newShortId(questionIds),
      type: q.type,
      title: q.title,
      required: q.required ?? false,
      maxChoices: q.type === 'multiple' ? (q.maxChoices ?? options.length) : null,
      options: options.map((o) => ({ id: o.id ?? newShortId(optionIds), label: o.label, tagId: o.tagId ?? null })),
    };
  });
  if (errors.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, '问卷内容有误', errors);
  return questions;
}

/** Every tag a poll can grant: the preset ones and those on options. */
export function tagIdsOf(tagIds: string[], questions: PollQuestion[]): string[] {
  return [
    ...new Set([
      ...tagIds,
      ...questions.flatMap((q) => q.options.map((o) => o.tagId).filter((t): t is string => Boolean(t))),
    ]),
  ];
}
