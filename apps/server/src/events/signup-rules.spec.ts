import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import { checkOpen, firstSeatStatus, promotedState } from './signup-rules';

const NOW = new Date('2030-05-01T00:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const DAY = 86_400_000;
const event = (over: Partial<Parameters<typeof checkOpen>[0]> = {}) => ({
  status: 'published' as const,
  endAt: at(10 * DAY),
  signupDeadline: null,
  ...over,
});
const type = (over: Partial<Parameters<typeof checkOpen>[1]> = {}) => ({ saleStartAt: null, saleEndAt: null, ...over });

/** The CLOSED message checkOpen refuses with, or null when the signup may go on. */
function refusal(...args: Parameters<typeof checkOpen>): string | null {
  try {
    checkOpen(...args);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.CLOSED);
    return (error as DomainError).message;
  }
}

describe('checkOpen (whether a signup is open now)', () => {
  it('lets a published, running event with a ticket on sale through', () => {
    expect(refusal(event(), type(), NOW)).toBeNull();
    expect(refusal(event({ signupDeadline: at(1) }), type({ saleStartAt: NOW, saleEndAt: at(1) }), NOW)).toBeNull();
  });

  it('refuses cancelled, draft and ended events', () => {
    expect(refusal(event({ status: 'cancelled' }), type(), NOW)).toBe('活动已取消');
    expect(refusal(event({ status: 'draft' }), type(), NOW)).toBe('活动未开放报名');
    expect(refusal(event({ endAt: NOW }), type(), NOW)).toBe('活动已结束');
  });

  it('refuses at the signup deadline and outside the ticket type’s sale window', () => {
    expect(refusal(event({ signupDeadline: NOW }), type(), NOW)).toBe('报名已截止');
    expect(refusal(event(), type({ saleStartAt: at(1) }), NOW)).toBe('该票种尚未开售');
    expect(refusal(event(), type({ saleEndAt: NOW }), NOW)).toBe('该票种已停售');
  });

  it('names the event’s state before the ticket’s', () => {
    expect(refusal(event({ status: 'cancelled', signupDeadline: at(-1) }), type({ saleEndAt: at(-1) }), NOW)).toBe(
      '活动已取消',
    );
  });
});

describe('firstSeatStatus and promotedState (what a seat becomes)', () => {
  const holdMs = 15 * 60_000;
  it('confirms free tickets, holds priced ones for payment, and waits for approval first', () => {
    expect(firstSeatStatus({ requireApproval: false }, { priceFen: 0 })).toBe('confirmed');
    expect(firstSeatStatus({ requireApproval: false }, { priceFen: 990 })).toBe('pending_payment');
    expect(firstSeatStatus({ requireApproval: true }, { priceFen: 990 })).toBe('pending_approval');
  });

  it('gives a promoted waitlist entry the same first step, with a fresh payment hold from now', () => {
    expect(promotedState({ requireApproval: false }, { priceFen: 0 }, NOW, holdMs)).toEqual({
      status: 'confirmed',
      holdExpiresAt: null,
    });
    expect(promotedState({ requireApproval: true }, { priceFen: 990 }, NOW, holdMs)).toEqual({
      status: 'pending_approval',
      holdExpiresAt: null,
    });
    expect(promotedState({ requireApproval: false }, { priceFen: 990 }, NOW, holdMs)).toEqual({
      status: 'pending_payment',
      holdExpiresAt: at(holdMs),
    });
  });
});
