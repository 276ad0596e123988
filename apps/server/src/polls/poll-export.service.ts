import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { UsersService } from '../users/users.service';
import { PollResponse, type PollQuestion, type StoredAnswer } from './polls.schema';
import { PollsService } from './polls.service';

/** Excel opens UTF-8 CSV as Chinese text only with the byte-order mark. */
const BOM = '\uFEFF';

/** Quotes when needed; a leading = + - @ is defused so a spreadsheet never runs an answer as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cellOf(q: PollQuestion, a: StoredAnswer | undefined): string {
  if (!a) return '';
  if (q.type === 'text') return a.text ?? '';
  if (q.type === 'rating') return a.rating !== undefined ? String(a.rating) : '';
  const labels = new Map(q.options.map((o) => [o.id, o.label]));
  return (a.optionIds ?? []).map((id) => labels.get(id) ?? id).join('；');
}

type Row = { _id: string; userId?: Types.ObjectId; day: string; respondedAt?: Date; answers: StoredAnswer[] };

/**
 * Admins (route guard): every response as CSV. Named polls lead with the member's nickname;
 * anonymous polls have no name column (the responses hold no user to name) and come out in
 * random-id order, so row order says nothing about who answered when.
 */
@Injectable()
export class PollExportService {
  constructor(
    @InjectModel(PollResponse.name) private readonly responses: Model<PollResponse>,
    private readonly polls: PollsService,
    private readonly users: UsersService,
  ) {}

  async csv(pollId: string): Promise<string> {
    const poll = await this.polls.find(pollId);
    const rows = await this.responses.find({ pollId: poll._id }).sort(poll.anonymous ? { _id: 1 } : { respondedAt: 1, _id: 1 }).lean<Row[]>();
    const names = poll.anonymous ? new Map() : await this.users.summaries(rows.map((r) => r.userId!.toHexString()));
    const header = [...(poll.anonymous ? [] : ['昵称']), '日期', ...poll.questions.map((q, i) => `${i + 1}. ${q.title}`)];
    const lines = rows.map((r) => [
      ...(poll.anonymous ? [] : [names.get(r.userId!.toHexString())?.nickname ?? '']),
      r.day,
      ...poll.questions.map((q) => cellOf(q, r.answers.find((a) => a.questionId === q.id))),
    ]);
    return BOM + [header, ...lines].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }
}
