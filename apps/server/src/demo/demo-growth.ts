import { Injectable } from '@nestjs/common';
import type { PollView } from '@quanzi/contract';
import type { Actor } from '../auth/actor';
import { MembershipsService } from '../circles/memberships.service';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';
import { CheckinService } from '../events/checkin.service';
import { EventsService } from '../events/events.service';
import { RegistrationsService } from '../events/registrations.service';
import { InvitesService } from '../invites/invites.service';
import { PollResponsesService } from '../polls/poll-responses.service';
import { PollsService } from '../polls/polls.service';
import { TagRulesService } from '../tag-rules/tag-rules.service';
import { TagDefinitionsService } from '../tags/tag-definitions.service';
import { UsersService } from '../users/users.service';
import type { DemoUser } from './demo-content';

/** People who found the coffee circle through its channel links and a member's personal code. */
export const DEMO_GUESTS = ['橙子', '豆豆', '阿木', '小雨'] as const;
export type DemoGuest = (typeof DEMO_GUESTS)[number];

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/**
 * The growth and activity side of the coffee circle, so every page and the insight dashboards
 * show content on first open: tags, channel links with preset tags (and members who joined
 * through them), a referral, an upcoming event with a free and a paid ticket and signups, a past
 * event with check-ins, an open poll, a closed survey with answers, tag rules. Through the
 * domains' services, like the rest of the demo.
 */
@Injectable()
export class DemoGrowthSeeder {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly tags: TagDefinitionsService,
    private readonly invites: InvitesService,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly checkins: CheckinService,
    private readonly polls: PollsService,
    private readonly responses: PollResponsesService,
    private readonly rules: TagRulesService,
  ) {}

  async seed(circleId: string, as: (who: DemoUser) => Actor): Promise<void> {
    const guests = new Map<DemoGuest, Actor>();
    for (const nickname of DEMO_GUESTS) {
      const { user } = await this.users.upsertForLogin(`dev:${nickname}`, null, nickname);
      guests.set(nickname, { userId: user._id.toHexString() });
    }
    const guest = (who: DemoGuest) => guests.get(who)!;
    const owner = as('阿杰');

    // Tags, and the channel links that hand them out.
    const tag = async (name: string, color: string) => (await this.tags.create(circleId, { name, color })).id;
    const redNote = await tag('小红书来客', '#E8833A');
    const salonGuest = await tag('线下沙龙来客', '#16A394');
    const cupper = await tag('杯测会常客', '#7B5CE0');
    const active = await tag('活跃分子', '#D04E8A');
    const redNoteLink = await this.invites.create(owner, circleId, { channel: '小红书', tagIds: [redNote] });
    const salonLink = await this.invites.create(owner, circleId, { channel: '线下沙龙', tagIds: [salonGuest] });
    await this.invites.create(owner, circleId, { channel: '公众号' });
    const join = (who: Actor, inviteCode: string) => this.memberships.join(who, oid(circleId), { inviteCode });
    await join(guest('橙子'), redNoteLink.code);
    await join(guest('豆豆'), redNoteLink.code);
    await join(guest('阿木'), salonLink.code);
    // A member's personal code: the referral tree and leaderboard have someone on them.
    await join(guest('小雨'), (await this.invites.mine(as('Lily'), circleId)).code);

    await this.seedEvents(circleId, owner, as, guest, cupper);
    await this.seedPolls(circleId, owner, as, guest);
    await this.rules.create(circleId, {
      name: '参加过杯测会',
      activity: 'checkin',
      threshold: 1,
      windowDays: 90,
      tagId: cupper,
    });
    await this.rules.create(circleId, {
      name: '一个月发帖 3 次',
      activity: 'post',
      threshold: 3,
      windowDays: 30,
      tagId: active,
    });
  }

  private async seedEvents(
    circleId: string,
    owner: Actor,
    as: (who: DemoUser) => Actor,
    guest: (who: DemoGuest) => Actor,
    cupper: string,
  ): Promise<void> {
    // Whole hours, so the times read like ones a person would pick.
    const hour = Math.floor(this.clock.nowMs() / HOUR) * HOUR;
    const upcoming = await this.events.create(owner, circleId, {
      title: '十二月杯测会：埃塞俄比亚专场',
      description:
        '一次喝 6 支埃塞俄比亚豆子，学会用杯测表打分。早鸟票免费（含 3 支），标准票含全部 6 支和一包 100g 咖啡豆。',
      mode: 'offline',
      location: '城市咖啡研究所 · 静安店二楼',
      startAt: new Date(hour + 7 * DAY).toISOString(),
      endAt: new Date(hour + 7 * DAY + 3 * HOUR).toISOString(),
      ticketTypes: [
        { name: '早鸟票', priceFen: 0, quota: 12 },
        { name: '标准票', priceFen: 6800, quota: 20 },
      ],
      tagIds: [cupper],
      status: 'published',
    });
    const early = upcoming.ticketTypes[0].id;
    for (const who of [as('麦子'), as('Lily'), as('阿泽'), guest('橙子')])
      await this.registrations.register(who, upcoming.id, { ticketTypeId: early });

    // The past event: signed up and checked in while it was on, then moved to two weeks ago.
    const past = await this.events.create(owner, circleId, {
      title: '十一月手冲分享会',
      description: '每人带一支自己喜欢的豆子，轮流冲给大家喝。',
      mode: 'offline',
      location: '城市咖啡研究所 · 静安店',
      startAt: new Date(hour + HOUR).toISOString(),
      endAt: new Date(hour + 3 * HOUR).toISOString(),
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 20 }],
      status: 'published',
    });
    const attendees = [as('小林'), as('麦子'), as('Lily'), guest('阿木')];
    const tickets = [];
    for (const who of attendees)
      tickets.push(await this.registrations.register(who, past.id, { ticketTypeId: past.ticketTypes[0].id }));
    for (const ticket of tickets.slice(0, 3)) await this.checkins.checkIn(owner, past.id, ticket.ticketCode!, 'owner');
    await this.events.update(owner, past.id, {
      startAt: new Date(hour - 14 * DAY).toISOString(),
      endAt: new Date(hour - 14 * DAY + 3 * HOUR).toISOString(),
    });
  }

  private async seedPolls(
    circleId: string,
    owner: Actor,
    as: (who: DemoUser) => Actor,
    guest: (who: DemoGuest) => Actor,
  ): Promise<void> {
    const admin = { circleId, role: 'owner' as const };
    const member = { circleId, role: 'member' as const };
    const optionOf = (poll: PollView, q: number, o: number) => poll.questions[q].options[o].id;

    const vote = await this.polls.create(owner, admin, {
      title: '一月杯测会想喝哪个产区？',
      kind: 'poll',
      resultsVisibility: 'always',
      questions: [
        {
          type: 'single',
          title: '选一个最想喝的产区',
          options: [{ label: '埃塞俄比亚' }, { label: '哥伦比亚' }, { label: '云南' }],
        },
      ],
    });
    const picks: [Actor, number][] = [
      [as('小林'), 0],
      [as('麦子'), 2],
      [as('Lily'), 0],
      [guest('豆豆'), 1],
    ];
    for (const [who, pick] of picks)
      await this.responses.submit(who, member, vote.id, {
        answers: [{ questionId: vote.questions[0].id, optionIds: [optionOf(vote, 0, pick)] }],
      });

    const survey = await this.polls.create(owner, admin, {
      title: '十一月手冲分享会 · 满意度调查',
      kind: 'survey',
      resultsVisibility: 'after_close',
      questions: [
        { type: 'rating', title: '整体满意度', required: true },
        {
          type: 'single',
          title: '下次想要的形式',
          options: [{ label: '继续手冲分享' }, { label: '杯测会' }, { label: '烘焙体验' }],
        },
        { type: 'text', title: '想对组织者说的话' },
      ],
    });
    const answers: [Actor, number, number, string][] = [
      [as('小林'), 5, 1, '准备得很用心，豆子都很好喝'],
      [as('麦子'), 4, 0, '希望人再少一点，能多聊聊'],
      [guest('阿木'), 5, 2, '第一次来，大家都很友好！'],
    ];
    for (const [who, rating, pick, text] of answers)
      await this.responses.submit(who, member, survey.id, {
        answers: [
          { questionId: survey.questions[0].id, rating },
          { questionId: survey.questions[1].id, optionIds: [optionOf(survey, 1, pick)] },
          { questionId: survey.questions[2].id, text },
        ],
      });
    await this.polls.close(owner, admin, survey.id);
  }
}
