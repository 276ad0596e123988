import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LiveRooms, type LiveServerFrame } from '@quanzi/contract';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { forbidden } from '../common/domain-error';
import { CheckinService } from '../events/checkin.service';
import { EventsService } from '../events/events.service';
import { LiveHub } from '../live/live-hub';
import { LiveRoomRegistry } from '../live/live-rooms';

/**
 * Live door counts (`door:<eventId>`, checkers and admins): a joiner gets the current counts,
 * and every check-in by any checker on any instance pushes the new ones to the room.
 */
@Injectable()
export class DoorCounts implements OnModuleInit {
  private readonly logger = new Logger('DoorCounts');
  /** Events whose recount is running; `again`: another check-in came in meanwhile. */
  private readonly pending = new Map<string, { again: boolean; checkerId: string }>();

  constructor(
    private readonly events: EventsService,
    private readonly checkins: CheckinService,
    private readonly hub: LiveHub,
    private readonly registry: LiveRoomRegistry,
    private readonly bus: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.registry.register('door', {
      join: async (actor, eventId) => {
        const { canCheckIn } = await this.events.access(actor, eventId);
        if (!canCheckIn) throw forbidden('只有管理员和签到员可以查看签到人数');
        return { lastSeq: 0, backlog: [await this.frame(actor, eventId)] };
      },
    });
    // Off the check-in's path: the listener returns at once and the counts are recomputed after.
    this.bus.subscribe('checkin.recorded', ({ payload }) => this.changed(payload.eventId, payload.checkedInBy));
  }

  /**
   * Coalesces a burst of check-ins at one door: at most one recount per event runs, and check-ins
   * arriving meanwhile ask for one more after it, so the last frame always follows the last scan.
   */
  private changed(eventId: string, checkerId: string): void {
    const pending = this.pending.get(eventId);
    if (pending) {
      pending.again = true;
      pending.checkerId = checkerId;
      return;
    }
    const state = { again: false, checkerId };
    this.pending.set(eventId, state);
    void this.recount(eventId, state);
  }

  private async recount(eventId: string, state: { again: boolean; checkerId: string }): Promise<void> {
    try {
      do {
        state.again = false;
        const frame = await this.frame({ userId: state.checkerId }, eventId);
        await this.hub.publish(frame.room, frame);
      } while (state.again);
    } catch (error) {
      this.logger.error(`door counts of ${eventId} failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      this.pending.delete(eventId);
    }
  }

  private async frame(actor: Actor, eventId: string): Promise<Extract<LiveServerFrame, { op: 'counts' }>> {
    const stats = await this.checkins.stats(actor, eventId);
    return {
      op: 'counts',
      room: LiveRooms.door(eventId),
      checkedIn: stats.checkedIn,
      registered: stats.registered,
      byTicketType: stats.byTicketType.map((t) => ({
        ticketTypeId: t.ticketTypeId,
        name: t.name,
        checkedIn: t.checkedIn,
        registered: t.registered,
      })),
    };
  }
}
