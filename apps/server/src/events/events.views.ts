import type { EventPublicView, EventSummaryView, EventView, RegistrationView, TicketTypeView } from '@quanzi/contract';
import type { EventRecord, RegistrationRecord, TicketTypeRecord } from './events.schema';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toTicketTypeView(t: TicketTypeRecord): TicketTypeView {
  return {
    id: t._id.toHexString(),
    name: t.name,
    priceFen: t.priceFen,
    quota: t.quota,
    sold: t.sold,
    remaining: Math.max(0, t.quota - t.sold),
    perUserLimit: t.perUserLimit,
    saleStartAt: iso(t.saleStartAt),
    saleEndAt: iso(t.saleEndAt),
  };
}

export function toEventSummaryView(e: EventRecord): EventSummaryView {
  return {
    id: e._id.toHexString(),
    circleId: e.circleId.toHexString(),
    title: e.title,
    mode: e.mode,
    coverUrl: e.coverUrl ?? null,
    location: e.location ?? null,
    startAt: e.startAt.toISOString(),
    endAt: e.endAt.toISOString(),
    status: e.status,
  };
}

export function toEventView(
  e: EventRecord,
  types: TicketTypeRecord[],
  mine: RegistrationView[],
  access: { admin: boolean; canCheckIn: boolean; holder: boolean },
): EventView {
  return {
    ...toEventSummaryView(e),
    description: e.description,
    geo: e.geo ?? null,
    // The link is the ticket for an online event: holders and admins only.
    onlineUrl: access.admin || access.holder ? (e.onlineUrl ?? null) : null,
    signupDeadline: iso(e.signupDeadline),
    refundDeadline: iso(e.refundDeadline),
    requireApproval: e.requireApproval,
    waitlist: e.waitlist,
    formFields: e.formFields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required,
      ...(f.type === 'select' ? { options: f.options } : {}),
    })),
    tagIds: e.tagIds.map((id) => id.toHexString()),
    ticketTypes: types.map(toTicketTypeView),
    myRegistrations: mine,
    checkerIds: access.admin ? e.checkerIds.map((id) => id.toHexString()) : [],
    canCheckIn: access.canCheckIn,
    chatEnabled: e.chatEnabled ?? false,
    createdAt: e.createdAt.toISOString(),
  };
}

/** The outsider's event page: no online link, no checkers, no registrations of anyone. */
export function toPublicEventView(
  e: EventRecord,
  types: TicketTypeRecord[],
  circle: EventPublicView['circle'],
): EventPublicView {
  return {
    ...toEventSummaryView(e),
    description: e.description,
    signupDeadline: iso(e.signupDeadline),
    refundDeadline: iso(e.refundDeadline),
    requireApproval: e.requireApproval,
    waitlist: e.waitlist,
    formFields: e.formFields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required,
      ...(f.type === 'select' ? { options: f.options } : {}),
    })),
    ticketTypes: types.map(toTicketTypeView),
    priceFromFen: types.length > 0 ? Math.min(...types.map((t) => t.priceFen)) : null,
    circle: {
      id: circle.id,
      name: circle.name,
      coverUrl: circle.coverUrl,
      memberCount: circle.memberCount,
      joinPolicy: circle.joinPolicy,
    },
  };
}

/** `ticketCode` is the caller's to pass (the service decides who sees it). */
export function toRegistrationView(
  r: RegistrationRecord,
  ticketTypeName: string,
  ticketCode: string | null,
): RegistrationView {
  return {
    id: r._id.toHexString(),
    eventId: r.eventId.toHexString(),
    ticketTypeId: r.ticketTypeId.toHexString(),
    ticketTypeName,
    priceFen: r.priceFen,
    status: r.status,
    ticketCode: r.status === 'confirmed' || r.status === 'checked_in' ? ticketCode : null,
    answers: r.answers ?? {},
    holder: { id: r.userId.toHexString(), nickname: r.holder.nickname, avatarUrl: r.holder.avatarUrl ?? null },
    holdExpiresAt: r.status === 'pending_payment' ? iso(r.holdExpiresAt) : null,
    checkedInAt: iso(r.checkedInAt),
    checkedInBy: r.checkedInBy ? r.checkedInBy.toHexString() : null,
    inviteCode: r.inviteCode ?? null,
    awaitingMembership: r.awaitingMembership === true,
    createdAt: r.createdAt.toISOString(),
  };
}
