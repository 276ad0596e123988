import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventPublicView } from '@quanzi/contract';
import { Model, Types } from 'mongoose';
import { CirclesService } from '../circles/circles.service';
import { notFound } from '../common/domain-error';
import { TicketType, type TicketTypeRecord } from './events.schema';
import { EventsService } from './events.service';
import { toPublicEventView } from './events.views';

/** The event page outsiders see (event links and posters open it before login). */
@Injectable()
export class EventPublicService {
  constructor(
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    private readonly events: EventsService,
    private readonly circles: CirclesService,
  ) {}

  /** Anyone: a published (or later cancelled/ended) event's public fields; drafts do not exist for outsiders. */
  async view(eventId: Types.ObjectId): Promise<EventPublicView> {
    const event = await this.events.find(eventId.toHexString());
    if (event.status === 'draft') throw notFound('活动');
    const [types, circle] = await Promise.all([
      this.types.find({ eventId: event._id }).sort({ _id: 1 }).lean<TicketTypeRecord[]>(),
      this.circles.card(event.circleId),
    ]);
    return toPublicEventView(event, types, circle);
  }
}
