import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CirclesModule } from '../circles/circles.module';
import { InvitesModule } from '../invites/invites.module';
import { PosterModule } from '../posters/poster.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { AttendeesService } from './attendees.service';
import { CheckinService } from './checkin.service';
import { DoorService } from './door.service';
import { EventPostersService } from './event-posters.service';
import { EventPublicService } from './event-public.service';
import { EventsController } from './events.controller';
import {
  Event,
  EventSchema,
  EventViewMark,
  EventViewMarkSchema,
  Registration,
  RegistrationSchema,
  TicketHolding,
  TicketHoldingSchema,
  TicketType,
  TicketTypeSchema,
} from './events.schema';
import { EventsService } from './events.service';
import { HoldExpiryService } from './hold-expiry.service';
import { JobsModule } from '../jobs/jobs.module';
import { PAYMENT_GATEWAY, PaymentGatewaySlot } from './payment-gateway';
import { RegistrationViews } from './registration-views';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { SeatLedger } from './seat-ledger';
import { TicketCodes } from './ticket-code';

/**
 * Events, ticket types, registrations, e-tickets and check-in. Registers the 'event' and
 * 'registration' circle resolvers. PAYMENT_GATEWAY is "not configured" until the payments
 * module plugs its gateway into PaymentGatewaySlot (and calls RegistrationsService.confirmPaid).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Event.name, schema: EventSchema },
      { name: TicketType.name, schema: TicketTypeSchema },
      { name: Registration.name, schema: RegistrationSchema },
      { name: TicketHolding.name, schema: TicketHoldingSchema },
      { name: EventViewMark.name, schema: EventViewMarkSchema },
    ]),
    CirclesModule,
    TagsModule,
    InvitesModule,
    PosterModule,
    UsersModule,
    JobsModule,
  ],
  controllers: [EventsController, RegistrationsController],
  providers: [
    EventsService,
    EventPublicService,
    EventPostersService,
    RegistrationsService,
    CheckinService,
    DoorService,
    AttendeesService,
    HoldExpiryService,
    SeatLedger,
    RegistrationViews,
    TicketCodes,
    PaymentGatewaySlot,
    { provide: PAYMENT_GATEWAY, useExisting: PaymentGatewaySlot },
  ],
  exports: [EventsService, RegistrationsService, HoldExpiryService, PaymentGatewaySlot, CheckinService],
})
export class EventsModule {}
