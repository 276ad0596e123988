import { Injectable, type OnModuleInit } from '@nestjs/common';
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
    this.bus.subscribe('checkin.recorded', async ({ payload }) => {
      const frame = await this.frame({ userId: payload.checkedInBy }, payload.eventId);
      await this.hub.publish(frame.room, frame);
    });
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
