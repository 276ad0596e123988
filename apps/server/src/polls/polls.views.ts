import type { MyPollResponseView, PollAnswer, PollView } from '@quanzi/contract';
import type { PollRecord, PollResponseRecord, StoredAnswer } from './polls.schema';

export function isClosed(poll: Pick<PollRecord, 'closedAt' | 'closesAt'>, now: Date): boolean {
  return poll.closedAt !== null || (poll.closesAt !== null && poll.closesAt.getTime() <= now.getTime());
}

export function toAnswer(a: StoredAnswer): PollAnswer {
  return {
    questionId: a.questionId,
    ...(a.optionIds ? { optionIds: a.optionIds } : {}),
    ...(a.text !== undefined && a.text !== null ? { text: a.text } : {}),
    ...(a.rating !== undefined && a.rating !== null ? { rating: a.rating } : {}),
  };
}

export function toMyResponseView(r: PollResponseRecord | null): MyPollResponseView | null {
  if (!r || !r.respondedAt) return null;
  return { answers: r.answers.map(toAnswer), respondedAt: r.respondedAt.toISOString() };
}

export interface PollViewerState {
  responded: boolean;
  myResponse: MyPollResponseView | null;
  canSeeResults: boolean;
}

export function toPollView(p: PollRecord, viewer: PollViewerState, now: Date): PollView {
  return {
    id: p._id.toHexString(),
    circleId: p.circleId.toHexString(),
    title: p.title,
    description: p.description ?? '',
    kind: p.kind,
    questions: p.questions.map((q) => ({
      id: q.id,
      type: q.type,
      title: q.title,
      required: q.required,
      maxChoices: q.maxChoices ?? null,
      options: q.options.map((o) => ({ id: o.id, label: o.label, tagId: o.tagId ?? null })),
    })),
    anonymous: p.anonymous,
    closesAt: p.closesAt ? p.closesAt.toISOString() : null,
    closed: isClosed(p, now),
    resultsVisibility: p.resultsVisibility,
    tagIds: p.tagIds,
    responseCount: p.responseCount,
    createdAt: p.createdAt.toISOString(),
    ...viewer,
  };
}
