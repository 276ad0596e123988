import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../bus/domain-event-bus';
import { shanghaiMinute } from '../common/china-time';
import { Clock } from '../common/clock';
import { EventsService } from '../events/events.service';
import { Jobs } from '../jobs/jobs.service';
import { NotificationLinks } from './notification-links';
import { NotificationsService } from './notifications.service';

export const EVENT_REMINDER_JOB = 'notifications.event-reminder';
/** Hours before the start at which attendees are reminded. */
export const REMINDER_HOURS = [24, 1] as const;

interface ReminderJob {
  eventId: string;
  hours: number;
  /** The start the reminder was planned for; a moved event is re-planned, not announced. */
  startAt: string;
}

/**
 * Event reminders 24 h and 1 h before the start, as durable jobs (one per event and offset, keyed
 * so that every signup plans the same job). The job reads the event when it runs: a cancelled
 * event reminds nobody, a moved one is planned again, and only current attendees are reminded.
 */
@Injectable()
export class EventReminders implements OnModuleInit {
  /** Events (with their start) this process already planned: signups after the first cost nothing. */
  private readonly planned = new Set<string>();

  constructor(
    private readonly bus: DomainEventBus,
    private readonly jobs: Jobs,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ReminderJob>(EVENT_REMINDER_JOB, (job) => this.remind(job), { retries: 3, backoffMs: 60_000 });
    this.bus.subscribe('registration.confirmed', ({ payload }) => this.plan(payload.eventId));
    // A moved event is re-planned at once: a reminder planned for the old start may come too late.
    this.bus.subscribe('event.changed', async ({ payload }) => {
      if (payload.changes.includes('time')) await this.plan(payload.eventId);
    });
  }

  /** Plans (or re-plans) the event's reminders that are still ahead; idempotent. */
  async plan(eventId: string): Promise<void> {
    const facts = await this.events.reminderFacts(eventId, false);
    if (!facts || facts.status !== 'published') return;
    const memo = `${eventId}:${facts.startAt.getTime()}`;
    if (this.planned.has(memo)) return;
    for (const hours of REMINDER_HOURS) {
      const at = new Date(facts.startAt.getTime() - hours * 3600_000);
      if (at.getTime() <= this.clock.nowMs()) continue;
      const data: ReminderJob = { eventId, hours, startAt: facts.startAt.toISOString() };
      await this.jobs.schedule(at, EVENT_REMINDER_JOB, data, { uniqueKey: `${eventId}:${hours}h:${data.startAt}` });
    }
    if (this.planned.size >= 10_000) this.planned.clear();
    this.planned.add(memo);
  }

  private async remind(job: ReminderJob): Promise<void> {
    const facts = await this.events.reminderFacts(job.eventId);
    if (!facts || facts.status !== 'published') return;
    if (facts.startAt.toISOString() !== job.startAt) return this.plan(job.eventId);
    const where = facts.onlineUrl ? `线上链接：${facts.onlineUrl}` : facts.location ? `地点：${facts.location}` : '';
    await this.notifications.deliver(facts.attendeeIds, {
      kind: 'event_reminder',
      circleId: facts.circleId,
      title: job.hours >= 24 ? `明天的活动：${facts.title}` : `活动即将开始：${facts.title}`,
      body: [`开始时间 ${shanghaiMinute(facts.startAt)}（北京时间）`, where].filter(Boolean).join('，'),
      link: NotificationLinks.event(job.eventId),
      sourceKey: `event_reminder:${job.eventId}:${job.hours}h:${job.startAt}`,
    });
  }
}
