import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';
import { Jobs } from '../jobs/jobs.service';
import { Poll, PollResponse, type PollRecord } from './polls.schema';

export const POLL_CLOSE_NOTICE_JOB = 'polls.close-notice';

interface CloseNoticeJob {
  pollId: string;
  /** The deadline the job was planned for: a moved or removed deadline makes it a no-op. */
  closesAt: string;
}

/**
 * Announces `poll.closed` when a poll closes: at once when an admin closes it, and as a durable
 * job at its deadline (`closesAt`), which nothing else marks. Notifications tell the respondents.
 */
@Injectable()
export class PollCloseNotices implements OnModuleInit {
  constructor(
    @InjectModel(Poll.name) private readonly polls: Model<Poll>,
    @InjectModel(PollResponse.name) private readonly responses: Model<PollResponse>,
    private readonly bus: DomainEventBus,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<CloseNoticeJob>(POLL_CLOSE_NOTICE_JOB, (job) => this.atDeadline(job), {
      retries: 3,
      backoffMs: 60_000,
    });
  }

  /** Plans the notice for the poll's deadline, if it has one ahead; one job per poll and deadline. */
  async plan(poll: PollRecord): Promise<void> {
    if (!poll.closesAt || poll.closedAt || poll.closesAt.getTime() <= this.clock.nowMs()) return;
    const data: CloseNoticeJob = { pollId: poll._id.toHexString(), closesAt: poll.closesAt.toISOString() };
    await this.jobs.schedule(poll.closesAt, POLL_CLOSE_NOTICE_JOB, data, {
      uniqueKey: `${data.pollId}:${data.closesAt}`,
    });
  }

  /**
   * Respondents hear that results are ready: on named polls (their responses carry the member)
   * whose results members may see. actorId: the admin who closed it, null for the deadline.
   */
  async announce(poll: PollRecord, by: string | null): Promise<void> {
    const rows =
      poll.anonymous || poll.resultsVisibility === 'admins'
        ? []
        : await this.responses
            .find({ pollId: poll._id, userId: trusted({ $exists: true }) }, { userId: 1 })
            .lean<{ userId: Types.ObjectId }[]>();
    await this.bus.publish('poll.closed', {
      circleId: poll.circleId.toHexString(),
      actorId: by,
      pollId: poll._id.toHexString(),
      title: poll.title,
      respondentIds: rows.map((r) => r.userId.toHexString()),
    });
  }

  private async atDeadline(job: CloseNoticeJob): Promise<void> {
    const poll = await this.polls.findById(oid(job.pollId)).lean<PollRecord>();
    // Deleted, closed by hand (announced then), or its deadline moved (planned again).
    if (!poll || poll.closedAt || poll.closesAt?.toISOString() !== job.closesAt) return;
    await this.announce(poll, null);
  }
}
