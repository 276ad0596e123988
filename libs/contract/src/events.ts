import type { JoinPolicy } from './circles';
import type { Id, IsoTime, PageQuery } from './common';
import type { PaymentProvider } from './payments';

/** Online events show their link to ticket holders only; offline ones have an address. */
export const EventModes = ['online', 'offline'] as const;
export type EventMode = (typeof EventModes)[number];

/** draft → published → cancelled | ended. Only published events take signups. */
export const EventStatuses = ['draft', 'published', 'cancelled', 'ended'] as const;
export type EventStatus = (typeof EventStatuses)[number];

export const FormFieldTypes = ['text', 'phone', 'select'] as const;
export type FormFieldType = (typeof FormFieldTypes)[number];

/**
 * A registration's lifecycle. Seat holders: pending_approval, pending_payment, confirmed,
 * checked_in. `expired` = an unpaid hold that ran out; `rejected` = refused by an admin.
 */
export const RegistrationStatuses = [
  'pending_approval',
  'pending_payment',
  'confirmed',
  'waitlisted',
  'checked_in',
  'cancelled',
  'rejected',
  'expired',
] as const;
export type RegistrationStatus = (typeof RegistrationStatuses)[number];

/** What members and admins read for a registration status (ticket, attendee list, CSV export). */
export const RegistrationStatusLabels: Readonly<Record<RegistrationStatus, string>> = {
  pending_approval: '待审核',
  pending_payment: '待支付',
  confirmed: '已报名',
  waitlisted: '候补中',
  checked_in: '已签到',
  cancelled: '已取消',
  rejected: '未通过',
  expired: '已过期',
};

export const CheckinResults = ['checked_in', 'already_checked_in'] as const;
export type CheckinResult = (typeof CheckinResults)[number];

export const EventLimits = {
  titleMax: 60,
  descriptionMax: 5000,
  locationMax: 200,
  urlMax: 512,
  formFieldsMax: 20,
  fieldKeyMax: 32,
  fieldLabelMax: 40,
  optionsMax: 20,
  optionMax: 40,
  answerMax: 500,
  ticketTypesMax: 10,
  ticketNameMax: 30,
  quotaMax: 100000,
  priceFenMax: 100000000,
  perUserLimitMax: 20,
  tagIdsMax: 10,
  ticketCodeMax: 200,
  searchMax: 32,
} as const;

/** Mainland mobile number, as the phone field accepts it. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export interface EventFormField {
  key: string;
  label: string;
  type: FormFieldType;
  /** Choices of a `select` field. */
  options?: string[];
  required: boolean;
}

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface TicketTypeInput {
  /** Given on edit: the ticket type to change; absent: a new one. */
  id?: Id;
  name: string;
  /** 0 = free. */
  priceFen: number;
  quota: number;
  /** Seats one member may hold of this type (default 1). */
  perUserLimit?: number;
  saleStartAt?: IsoTime | null;
  saleEndAt?: IsoTime | null;
}

export interface CreateEventRequest {
  title: string;
  description?: string;
  mode: EventMode;
  location?: string;
  geo?: GeoPoint;
  onlineUrl?: string;
  coverUrl?: string;
  startAt: IsoTime;
  endAt: IsoTime;
  signupDeadline?: IsoTime;
  /** Paid tickets: a member who cancels before it gets a full refund, after it none. Default: always refunded. */
  refundDeadline?: IsoTime;
  requireApproval?: boolean;
  /** Sold-out signups join a waitlist instead of being refused. */
  waitlist?: boolean;
  formFields?: EventFormField[];
  /** Circle tags given to every confirmed registrant (source `event`). */
  tagIds?: Id[];
  ticketTypes: TicketTypeInput[];
  /** Default draft. */
  status?: 'draft' | 'published';
}

export type UpdateEventRequest = Partial<Omit<CreateEventRequest, 'status'>> & {
  status?: 'published' | 'ended';
  /** Opens the event's chat room now (it also opens by itself shortly before the start). */
  chatEnabled?: boolean;
};

export interface TicketTypeView {
  id: Id;
  name: string;
  priceFen: number;
  quota: number;
  sold: number;
  remaining: number;
  perUserLimit: number;
  saleStartAt: IsoTime | null;
  saleEndAt: IsoTime | null;
}

export interface EventSummaryView {
  id: Id;
  circleId: Id;
  title: string;
  mode: EventMode;
  coverUrl: string | null;
  location: string | null;
  startAt: IsoTime;
  endAt: IsoTime;
  status: EventStatus;
}

export interface EventView extends EventSummaryView {
  description: string;
  geo: GeoPoint | null;
  /** Only for ticket holders and admins; null otherwise. */
  onlineUrl: string | null;
  signupDeadline: IsoTime | null;
  refundDeadline: IsoTime | null;
  requireApproval: boolean;
  waitlist: boolean;
  formFields: EventFormField[];
  tagIds: Id[];
  ticketTypes: TicketTypeView[];
  /** The caller's live registrations (not cancelled/rejected/expired). */
  myRegistrations: RegistrationView[];
  /** Admins only (empty for others). */
  checkerIds: Id[];
  /** The caller may check tickets in (admin or checker). */
  canCheckIn: boolean;
  /** The admin opened the chat room (it also opens by itself shortly before the start). */
  chatEnabled: boolean;
  createdAt: IsoTime;
}

export interface RegistrationHolder {
  id: Id;
  nickname: string;
  avatarUrl: string | null;
}

export interface RegistrationView {
  id: Id;
  eventId: Id;
  ticketTypeId: Id;
  ticketTypeName: string;
  priceFen: number;
  status: RegistrationStatus;
  /** The e-ticket (QR payload): for confirmed / checked-in tickets, to the holder and admins. */
  ticketCode: string | null;
  answers: Record<string, string>;
  holder: RegistrationHolder;
  /** Unpaid hold ends (pending_payment only). */
  holdExpiresAt: IsoTime | null;
  checkedInAt: IsoTime | null;
  checkedInBy: Id | null;
  inviteCode: string | null;
  /** An outsider's signup in an approval circle: it is decided together with their join request. */
  awaitingMembership: boolean;
  createdAt: IsoTime;
}

/** What anyone (signed out too) sees of a published event: no online link, no answers, no holders. */
export interface EventPublicView extends EventSummaryView {
  description: string;
  signupDeadline: IsoTime | null;
  refundDeadline: IsoTime | null;
  requireApproval: boolean;
  waitlist: boolean;
  formFields: EventFormField[];
  ticketTypes: TicketTypeView[];
  /** Lowest ticket price (fen); null without ticket types. */
  priceFromFen: number | null;
  circle: { id: Id; name: string; coverUrl: string | null; memberCount: number; joinPolicy: JoinPolicy };
}

/** 我的门票: a registration with its event. */
export interface MyTicketView extends RegistrationView {
  event: EventSummaryView;
}

export interface CreateRegistrationRequest {
  ticketTypeId: Id;
  answers?: Record<string, string>;
  /** Kept for attribution. */
  inviteCode?: string;
}

/** Door mode: what a checker's phone downloads to check tickets in without a network. */
export interface RosterEntry {
  /** The signed e-ticket code the holder shows (scans are matched against it). */
  ticketCode: string;
  registrationId: Id;
  holderNickname: string;
  ticketTypeName: string;
  status: 'confirmed' | 'checked_in';
  checkedInAt: IsoTime | null;
}

export interface EventRoster {
  eventId: Id;
  generatedAt: IsoTime;
  entries: RosterEntry[];
}

export interface OfflineScan {
  ticketCode: string;
  /** When the phone scanned it (its clock); later than the server's now counts as now. */
  scannedAt: IsoTime;
  deviceId: string;
}

export interface CheckinSyncRequest {
  scans: OfflineScan[];
}

/**
 * One scan's outcome. checked_in: this scan was the first; already_checked_in: an earlier scan
 * (any device) won and `checkedInAt` is its time; cancelled: the ticket was cancelled, rejected or
 * expired meanwhile (the holder was let in on a dead ticket); invalid: not a ticket of this event.
 */
export interface CheckinSyncResult {
  ticketCode: string;
  deviceId: string;
  result: 'checked_in' | 'already_checked_in' | 'cancelled' | 'invalid';
  registrationId: Id | null;
  checkedInAt: IsoTime | null;
}

export interface CheckinSyncResponse {
  results: CheckinSyncResult[];
}

export const CheckinSyncLimits = { scansMax: 500, deviceIdMax: 64 } as const;

export interface CheckinRequest {
  ticketCode: string;
}

export interface CheckinResponse {
  result: CheckinResult;
  registration: RegistrationView;
  /** The first (and only) check-in time. */
  checkedInAt: IsoTime;
}

export interface EventListQuery extends PageQuery {
  /** Admins may list drafts; default: published and later. */
  status?: EventStatus;
}

export interface RegistrationListQuery extends PageQuery {
  status?: RegistrationStatus;
  ticketTypeId?: Id;
  /** Nickname or phone answer contains this text. */
  q?: string;
}

export interface EventStatsView {
  /** Seat holders: confirmed + checked_in (+ pending approval/payment). */
  registered: number;
  checkedIn: number;
  byStatus: Record<RegistrationStatus, number>;
  byTicketType: {
    ticketTypeId: Id;
    name: string;
    quota: number;
    sold: number;
    registered: number;
    checkedIn: number;
  }[];
}

export interface CheckerRequest {
  userId: Id;
}

/** What the client needs to pay a held ticket (the payments module fills `clientParams`). */
export interface PaymentStartView {
  status: 'paid' | 'pending';
  registration: RegistrationView;
  clientParams: Record<string, unknown> | null;
  /** The order being paid and its provider (null when settled at once); `params` = `clientParams`. */
  orderId: Id | null;
  provider: PaymentProvider | null;
  params: Record<string, unknown> | null;
}
