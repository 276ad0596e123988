import type { TagSourceKind } from '@quanzi/contract';

/**
 * Every domain event the server publishes, with its payload, in one place. Emitters and
 * listeners are typed against this map, so a renamed field breaks the build, not analytics.
 *
 * Every payload says which circle it belongs to (null for platform-level events such as a
 * login) and who acted (null for anonymous visitors), so the activity log can file it
 * without knowing each event.
 */
interface EventBase {
  circleId: string | null;
  actorId: string | null;
}

export interface DomainEventMap {
  'user.logged_in': EventBase & { circleId: null; actorId: string; method: 'wechat' | 'dev'; firstLogin: boolean };
  'member.joined': EventBase & {
    circleId: string;
    actorId: string;
    inviteCode: string | null;
    inviterId: string | null;
    channel: string | null;
  };
  'member.left': EventBase & { circleId: string; actorId: string };
  /** An admin turned a join request down (actorId: the admin; userId: who asked). */
  'member.rejected': EventBase & { circleId: string; actorId: string; userId: string };
  /** An admin approved a join request (actorId: the admin; userId: who asked). `member.joined` follows. */
  'member.approved': EventBase & { circleId: string; actorId: string; userId: string };
  /** An admin pinned, featured (精华) or removed someone's post (actorId: the admin; notify the author). */
  'post.moderated': EventBase & {
    circleId: string;
    actorId: string;
    postId: string;
    authorId: string;
    action: 'pinned' | 'featured' | 'removed';
  };
  /** text: for keyword tag rules (absent in activity rows logged before it was added). */
  'post.created': EventBase & { circleId: string; actorId: string; postId: string; text?: string };
  /** postAuthorId / replyToUserId: whom the comment answers (notify them). */
  'comment.created': EventBase & {
    circleId: string;
    actorId: string;
    postId: string;
    commentId: string;
    postAuthorId: string;
    replyToUserId: string | null;
    text?: string;
  };
  'post.liked': EventBase & { circleId: string; actorId: string; postId: string };
  'event.viewed': EventBase & { circleId: string; actorId: string; eventId: string };
  'registration.confirmed': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    registrationId: string;
    ticketTypeId: string;
    priceFen: number;
  };
  'registration.cancelled': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    registrationId: string;
    ticketTypeId: string;
  };
  /** A waitlisted member got the seat someone gave up (notify them). */
  'registration.promoted': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    registrationId: string;
    ticketTypeId: string;
    status: 'confirmed' | 'pending_payment' | 'pending_approval';
  };
  /** An admin approved a signup that needed approval (notify the member; status: what it became). */
  'registration.approved': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    registrationId: string;
    userId: string;
    status: 'confirmed' | 'pending_payment';
  };
  /** An admin rejected a signup that needed approval (notify the member). */
  'registration.rejected': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    registrationId: string;
    userId: string;
  };
  /** An admin moved a published event in time or place (notify its confirmed attendees). */
  'event.changed': EventBase & { circleId: string; actorId: string; eventId: string; changes: Array<'time' | 'place'> };
  /** The admin cancelled the event; holderIds are the members holding a ticket then (notify them). */
  'event.cancelled': EventBase & { circleId: string; actorId: string; eventId: string; holderIds: string[] };
  'checkin.recorded': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    registrationId: string;
    checkedInBy: string;
  };
  /** actorId: the member, on anonymous polls too (it shows participation); never carries answers. */
  'poll.responded': EventBase & { circleId: string; actorId: string; pollId: string };
  /** A member read a poll for the first time (once per member and poll). */
  'poll.viewed': EventBase & { circleId: string; actorId: string; pollId: string };
  /**
   * A poll closed: an admin closed it (actorId) or its deadline passed (actorId null).
   * respondentIds: who answered a named poll whose results members see; empty for anonymous
   * polls, whose respondents stay unlinkable (an inbox item would name them).
   */
  'poll.closed': EventBase & {
    circleId: string;
    actorId: string | null;
    pollId: string;
    title: string;
    respondentIds: string[];
  };
  'invite.clicked': EventBase & {
    circleId: string;
    actorId: string | null;
    inviteCode: string;
    inviterId: string | null;
  };
  'invite.joined': EventBase & {
    circleId: string;
    actorId: string;
    inviteCode: string;
    inviterId: string | null;
    channel: string | null;
  };
  /** actorId: the admin for manual tags, else the member who earned it. */
  'tag.added': EventBase & {
    circleId: string;
    actorId: string | null;
    userId: string;
    tagId: string;
    source: TagSourceKind;
    sourceRefId: string | null;
  };
  'tag.removed': EventBase & { circleId: string; actorId: string | null; userId: string; tagId: string };
  /** actorId: the payer. */
  'order.paid': EventBase & {
    circleId: string;
    actorId: string;
    orderId: string;
    registrationId: string | null;
    amountFen: number;
  };
  /** A refund settled; actorId: the payer (who gets the money back). */
  'order.refunded': EventBase & {
    circleId: string;
    actorId: string;
    orderId: string;
    registrationId: string | null;
    amountFen: number;
    refundedFen: number;
    cause: string;
  };
  /** An admin's announcement in an event's chat room (notify the room's members). */
  'chat.announced': EventBase & { circleId: string; actorId: string; eventId: string; messageId: string; text: string };
  /** WeChat's media check found an uploaded image risky: it is no longer served; posts showing it go to review. */
  'upload.rejected': EventBase & { circleId: null; actorId: null; url: string; userId: string };
  /** A chat message was stored (text messages only): keyword tag rules read it. */
  'chat.message_sent': EventBase & {
    circleId: string;
    actorId: string;
    eventId: string;
    messageId: string;
    text: string;
  };
}

export type DomainEventName = keyof DomainEventMap;

/** Runtime list of the names above (the compiler checks it stays complete). */
export const DOMAIN_EVENT_NAMES = Object.keys({
  'user.logged_in': true,
  'member.joined': true,
  'member.left': true,
  'member.rejected': true,
  'member.approved': true,
  'post.moderated': true,
  'post.created': true,
  'comment.created': true,
  'post.liked': true,
  'event.viewed': true,
  'registration.confirmed': true,
  'registration.cancelled': true,
  'registration.promoted': true,
  'registration.approved': true,
  'registration.rejected': true,
  'event.changed': true,
  'event.cancelled': true,
  'checkin.recorded': true,
  'poll.responded': true,
  'poll.viewed': true,
  'poll.closed': true,
  'invite.clicked': true,
  'invite.joined': true,
  'tag.added': true,
  'tag.removed': true,
  'order.paid': true,
  'order.refunded': true,
  'chat.announced': true,
  'upload.rejected': true,
  'chat.message_sent': true,
} satisfies Record<DomainEventName, true>) as DomainEventName[];

/** What a listener receives: the payload plus when it happened. */
export interface DomainEvent<K extends DomainEventName = DomainEventName> {
  name: K;
  at: Date;
  payload: DomainEventMap[K];
}
