import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import { checkAnswers } from './poll-answers';
import type { PollQuestion } from './polls.schema';

const option = (id: string) => ({ id, label: id, tagId: null });
/** single (a/b/c), multiple (max 2 of w/x/y/z), text, rating — all but text required. */
const SURVEY = [
  {
    id: 'q1',
    type: 'single',
    title: '你最喜欢哪种活动？',
    required: true,
    maxChoices: null,
    options: ['a', 'b', 'c'].map(option),
  },
  {
    id: 'q2',
    type: 'multiple',
    title: '哪些时间方便？',
    required: true,
    maxChoices: 2,
    options: ['w', 'x', 'y', 'z'].map(option),
  },
  { id: 'q3', type: 'text', title: '还有什么建议？', required: false, maxChoices: null, options: [] },
  { id: 'q4', type: 'rating', title: '给上次活动打分', required: true, maxChoices: null, options: [] },
] as unknown as PollQuestion[];
const good = [
  { questionId: 'q1', optionIds: ['a'] },
  { questionId: 'q2', optionIds: ['w'] },
  { questionId: 'q4', rating: 4 },
];

/** The `{ field, message }` details checkAnswers refuses `answers` with. */
function problems(answers: object[], questions = SURVEY): { field: string; message: string }[] {
  try {
    checkAnswers(questions, answers as never);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.VALIDATION_FAILED);
    return (error as DomainError).details as { field: string; message: string }[];
  }
  throw new Error('accepted');
}
const fields = (answers: object[]) => problems(answers).map((d) => d.field);

describe('checkAnswers (poll answers against the questions)', () => {
  it('names the field of each problem', () => {
    expect(fields([...good, { questionId: 'nope', text: 'x' }])).toEqual(['answers[3].questionId']);
    expect(fields([{ questionId: 'q1', optionIds: ['z'] }, good[1], good[2]])).toEqual(['answers[0].optionIds']);
    expect(fields([{ questionId: 'q1', optionIds: ['a', 'b'] }, good[1], good[2]])).toEqual(['answers[0].optionIds']);
    expect(fields([good[0], { questionId: 'q2', optionIds: ['w', 'x', 'y'] }, good[2]])).toEqual([
      'answers[1].optionIds',
    ]);
    expect(fields([good[0], good[1], { questionId: 'q3', text: '好'.repeat(1001) }, good[2]])).toEqual([
      'answers[2].text',
    ]);
    expect(fields([good[0], good[1], { questionId: 'q4', rating: 6 }])).toEqual(['answers[2].rating']);
    expect(fields([good[0], good[1], { questionId: 'q4', rating: 0 }])).toEqual(['answers[2].rating']);
    expect(fields([good[0], good[1], { questionId: 'q4', optionIds: ['a'] }])).toEqual(
      expect.arrayContaining(['answers[2].optionIds']),
    );
    expect(fields([good[0], good[2]])).toEqual(['answers']);
  });

  it('explains each problem in Chinese', () => {
    expect(problems([...good, { questionId: 'q1', optionIds: ['a'] }])).toEqual([
      { field: 'answers[3].questionId', message: '同一问题只能回答一次' },
    ]);
    expect(problems([{ questionId: 'q1', optionIds: ['z'] }, good[1], good[2]])).toEqual([
      { field: 'answers[0].optionIds', message: '没有这个选项：z' },
    ]);
    expect(problems([good[0], { questionId: 'q2', optionIds: ['w', 'x', 'y'] }, good[2]])).toEqual([
      { field: 'answers[1].optionIds', message: '最多选 2 项' },
    ]);
    expect(problems([good[0], good[2]])).toEqual([{ field: 'answers', message: '第 2 题「哪些时间方便？」必须回答' }]);
    expect(problems([{ questionId: 'q3', text: '  ' }])).toEqual(
      expect.arrayContaining([{ field: 'answers', message: '第 1 题「你最喜欢哪种活动？」必须回答' }]),
    );
    expect(problems([good[0], good[1], { questionId: 'q4', text: '4' }])).toEqual(
      expect.arrayContaining([{ field: 'answers[2].text', message: '此题型不接受这个字段' }]),
    );
  });

  it('asks for at least one answer when no question is required', () => {
    const optional = [SURVEY[2]];
    expect(problems([], optional)).toEqual([{ field: 'answers', message: '请至少回答一个问题' }]);
    expect(problems([{ questionId: 'q3', text: ' ' }], optional)).toEqual([
      { field: 'answers', message: '请至少回答一个问题' },
    ]);
  });

  it('stores trimmed answers in question order, duplicate options once, 1000 characters counting an emoji once', () => {
    const text = '😀'.repeat(1000);
    const stored = checkAnswers(SURVEY, [
      { questionId: 'q4', rating: 5 },
      { questionId: 'q3', text: ` ${text} ` },
      { questionId: 'q2', optionIds: ['x', 'x'] },
      good[0],
    ] as never);
    expect(stored).toEqual([
      good[0],
      { questionId: 'q2', optionIds: ['x'] },
      { questionId: 'q3', text },
      { questionId: 'q4', rating: 5 },
    ]);
  });
});
