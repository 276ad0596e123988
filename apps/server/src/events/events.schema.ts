import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  EventModes,
  EventStatuses,
  FormFieldTypes,
  RegistrationStatuses,
  type EventMode,
  type EventStatus,
  type FormFieldType,
  type RegistrationStatus,
} from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

@Schema({ _id: false, versionKey: false })
export class FormField {
  @Prop({ type: String, required: true }) key!: string;
  @Prop({ type: String, required: true }) label!: string;
  @Prop({ type: String, required: true, enum: FormFieldTypes }) type!: FormFieldType;
  @Prop({ type: [String], default: [] }) options!: string[];
  @Prop({ type: Boolean, default: false }) required!: boolean;
}
const FormFieldSchema = SchemaFactory.createForClass(FormField);

@Schema({ collection: 'events', timestamps: true, versionKey: false })
export class Event {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) circleId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) createdBy!: Types.ObjectId;
  @Prop({ type: String, required: true }) title!: string;
  @Prop({ type: String, default: '' }) description!: string;
  @Prop({ type: String, required: true, enum: EventModes }) mode!: EventMode;
  @Prop({ type: String, default: null }) location!: string | null;
  @Prop({ type: { lat: Number, lng: Number, _id: false }, default: null }) geo!: { lat: number; lng: number } | null;
  @Prop({ type: String, default: null }) onlineUrl!: string | null;
  @Prop({ type: String, default: null }) coverUrl!: string | null;
  @Prop({ type: Date, required: true }) startAt!: Date;
  @Prop({ type: Date, required: true }) endAt!: Date;
  @Prop({ type: Date, default: null }) signupDeadline!: Date | null;
  /** A member's cancellation before it is refunded in full, after it not at all (null: always refunded). */
  @Prop({ type: Date, default: null }) refundDeadline!: Date | null;
  @Prop({ type: Boolean, default: false }) requireApproval!: boolean;
  @Prop({ type: Boolean, default: false }) waitlist!: boolean;
  @Prop({ type: [FormFieldSchema], default: [] }) formFields!: FormField[];
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] }) tagIds!: Types.ObjectId[];
  /** Members allowed to check tickets in besides the circle's admins. */
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] }) checkerIds!: Types.ObjectId[];
  /** The admin opened the chat room (the chat module reads it through EventsService.chatAccess). */
  @Prop({ type: Boolean, default: false }) chatEnabled!: boolean;
  @Prop({ type: String, required: true, enum: EventStatuses }) status!: EventStatus;
}
export const EventSchema = SchemaFactory.createForClass(Event);
/** A circle's events by start time (list), newest first. */
EventSchema.index({ circleId: 1, startAt: -1, _id: -1 });

@Schema({ collection: 'ticket_types', timestamps: true, versionKey: false })
export class TicketType {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) eventId!: Types.ObjectId;
  @Prop({ type: String, required: true }) name!: string;
  @Prop({ type: Number, required: true, min: 0 }) priceFen!: number;
  @Prop({ type: Number, required: true, min: 0 }) quota!: number;
  /**
   * Seats held (pending approval/payment, confirmed, checked in). Changed only by `$inc` in the
   * transaction that changes a registration, guarded by `sold < quota` when taking a seat.
   */
  @Prop({ type: Number, required: true, default: 0, min: 0 }) sold!: number;
  @Prop({ type: Number, required: true, default: 1, min: 1 }) perUserLimit!: number;
  @Prop({ type: Date, default: null }) saleStartAt!: Date | null;
  @Prop({ type: Date, default: null }) saleEndAt!: Date | null;
  @Prop({ type: Number, required: true, default: 0 }) position!: number;
}
export const TicketTypeSchema = SchemaFactory.createForClass(TicketType);
TicketTypeSchema.index({ eventId: 1, position: 1 });

@Schema({ _id: false, versionKey: false })
export class Holder {
  @Prop({ type: String, required: true }) nickname!: string;
  @Prop({ type: String, default: null }) avatarUrl!: string | null;
}
const HolderSchema = SchemaFactory.createForClass(Holder);

@Schema({ collection: 'registrations', timestamps: true, versionKey: false })
export class Registration {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) eventId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) circleId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) ticketTypeId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: RegistrationStatuses }) status!: RegistrationStatus;
  /** Price when signing up, so a later price change does not alter what was agreed. */
  @Prop({ type: Number, required: true }) priceFen!: number;
  @Prop({ type: Object, default: {} }) answers!: Record<string, string>;
  /** Nickname and avatar at signup: the attendee list searches and exports without the users module. */
  @Prop({ type: HolderSchema, required: true }) holder!: Holder;
  /** The client's Idempotency-Key (a random one when none was sent); unique per user. */
  @Prop({ type: String, required: true }) idempotencyKey!: string;
  @Prop({ type: String, default: null }) inviteCode!: string | null;
  /** An outsider's signup waiting with their join request (approval circles); decided with it. */
  @Prop({ type: Boolean, default: false }) awaitingMembership?: boolean;
  @Prop({ type: Date, default: null }) holdExpiresAt!: Date | null;
  @Prop({ type: Date, default: null }) checkedInAt!: Date | null;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) checkedInBy!: Types.ObjectId | null;
  @Prop({ type: Date, default: null }) cancelledAt!: Date | null;
}
export const RegistrationSchema = SchemaFactory.createForClass(Registration);
/** A retried signup (same user, same key) finds the first one instead of taking a second seat. */
RegistrationSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true });
/** Attendee list and stats: an event's registrations by status, newest first. */
RegistrationSchema.index({ eventId: 1, status: 1, _id: -1 });
RegistrationSchema.index({ eventId: 1, _id: -1 });
/** Waitlist head: oldest waitlisted registration of a ticket type. */
RegistrationSchema.index({ ticketTypeId: 1, status: 1, _id: 1 });
/** 我的门票 and the caller's registrations of an event. */
RegistrationSchema.index({ userId: 1, _id: -1 });
RegistrationSchema.index({ userId: 1, eventId: 1 });
/** Hold sweeper: unpaid holds by expiry. */
RegistrationSchema.index({ status: 1, holdExpiresAt: 1 });

/**
 * How many live registrations (seat holders and waitlist entries) a user has of a ticket type.
 * Taking one is a conditional `$inc` upsert filtered on `count < perUserLimit`: at the limit the
 * filter misses, the upsert collides with the unique key and the signup is refused — no prior read.
 */
@Schema({ collection: 'ticket_holdings', versionKey: false })
export class TicketHolding {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) ticketTypeId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: Number, required: true, default: 0 }) count!: number;
}
export const TicketHoldingSchema = SchemaFactory.createForClass(TicketHolding);
TicketHoldingSchema.index({ ticketTypeId: 1, userId: 1 }, { unique: true });

/** One row per (event, member, China day): `event.viewed` is published only when the row is new. */
@Schema({ collection: 'event_views', versionKey: false })
export class EventViewMark {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) eventId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: String, required: true }) day!: string;
}
export const EventViewMarkSchema = SchemaFactory.createForClass(EventViewMark);
EventViewMarkSchema.index({ eventId: 1, userId: 1, day: 1 }, { unique: true });

export type EventRecord = Event & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type TicketTypeRecord = TicketType & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type RegistrationRecord = Registration & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export { LIVE_STATUSES, SEAT_STATUSES } from './registration-statuses';
