import { ErrorCode, type RegistrationStatus } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import type { EventRecord, TicketTypeRecord } from './events.schema';

const closed = (message: string) => new DomainError(ErrorCode.CLOSED, message);

/** Refuses a signup at `now` unless the event is published and running and the ticket type on sale. */
export function checkOpen(
  event: Pick<EventRecord, 'status' | 'endAt' | 'signupDeadline'>,
  type: Pick<TicketTypeRecord, 'saleStartAt' | 'saleEndAt'>,
  now: Date,
): void {
  if (event.status === 'cancelled') throw closed('活动已取消');
  if (event.status !== 'published') throw closed('活动未开放报名');
  if (event.endAt <= now) throw closed('活动已结束');
  if (event.signupDeadline && event.signupDeadline <= now) throw closed('报名已截止');
  if (type.saleStartAt && type.saleStartAt > now) throw closed('该票种尚未开售');
  if (type.saleEndAt && type.saleEndAt <= now) throw closed('该票种已停售');
}

/** The first step of a seat: approval events wait for an admin, priced tickets for payment. */
export function firstSeatStatus(
  event: Pick<EventRecord, 'requireApproval'>,
  type: Pick<TicketTypeRecord, 'priceFen'>,
): 'pending_approval' | 'pending_payment' | 'confirmed' {
  if (event.requireApproval) return 'pending_approval';
  return type.priceFen > 0 ? 'pending_payment' : 'confirmed';
}

/** What a promoted waitlist entry becomes: the same first step a fresh signup would have, a payment hold from `now`. */
export function promotedState(
  event: Pick<EventRecord, 'requireApproval'>,
  type: Pick<TicketTypeRecord, 'priceFen'>,
  now: Date,
  holdMs: number,
): { status: RegistrationStatus; holdExpiresAt: Date | null } {
  const status = firstSeatStatus(event, type);
  return { status, holdExpiresAt: status === 'pending_payment' ? new Date(now.getTime() + holdMs) : null };
}
