import { Injectable } from '@nestjs/common';
import { ErrorCode, type BroadcastAudience } from '@quanzi/contract';
import { EngagementService } from '../analytics/engagement.service';
import { MembershipsRepository } from '../circles/memberships.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { RegistrationsService } from '../events/registrations.service';
import { PollsService } from '../polls/polls.service';

const DAY_MS = 86_400_000;

const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: `audience.${field}`, message }]);

/**
 * Turns an audience into user ids: active members of the circle, narrowed by every given field
 * (AND). Each field is answered by the module that owns the data, through its named operations.
 */
@Injectable()
export class AudienceResolver {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly registrations: RegistrationsService,
    private readonly polls: PollsService,
    private readonly engagement: EngagementService,
    private readonly clock: Clock,
  ) {}

  /** Throws VALIDATION_FAILED for an empty audience or a field naming another circle's event/poll. */
  async resolve(circleId: string, a: BroadcastAudience): Promise<string[]> {
    const narrowing = Object.entries(a).some(([k, v]) => k !== 'all' && k !== 'tagMode' && v !== undefined);
    if (!a.all && !narrowing) throw invalid('all', '请选择发送对象');
    if (a.registrationStatus && !a.eventId) throw invalid('registrationStatus', '按报名状态筛选时请选择活动');
    if (a.tagMode && !a.tagIds?.length) throw invalid('tagMode', '按标签筛选时请选择标签');

    let ids = await this.memberships.activeMembersWhere(circleId, {
      tagIds: a.tagIds,
      tagMode: a.tagMode,
      channel: a.channel,
      inviterId: a.inviterId,
    });
    const keep = (allowed: Iterable<string>) => {
      const set = new Set(allowed);
      ids = ids.filter((id) => set.has(id));
    };

    if (a.eventId) {
      const reg = await this.registrations.registrantsOf(a.eventId, a.registrationStatus);
      if (!reg || reg.circleId !== circleId) throw invalid('eventId', '活动不存在或不属于本圈子');
      keep(reg.userIds);
    }
    if (a.pollId) {
      const res = await this.polls.respondentsOf(a.pollId);
      if (!res || res.circleId !== circleId) throw invalid('pollId', '问卷不存在或不属于本圈子');
      if (res.anonymous) throw invalid('pollId', '匿名问卷不能按作答人群发');
      keep(res.userIds);
    }
    if (a.notAnsweredPollId) {
      const res = await this.polls.answeredAmong(a.notAnsweredPollId, ids);
      if (!res || res.circleId !== circleId) throw invalid('notAnsweredPollId', '问卷不存在或不属于本圈子');
      ids = ids.filter((id) => !res.userIds.has(id));
    }
    if (a.inactiveDays !== undefined) {
      keep(await this.engagement.inactiveSince(circleId, new Date(this.clock.nowMs() - a.inactiveDays * DAY_MS)));
    }
    if (a.segment) keep(await this.engagement.membersInSegment(circleId, a.segment));
    return ids;
  }
}
