import { afterRefund, canTransition, outRefundNo, outTradeNo, PAYABLE } from './order-states';

describe('order state machine', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('created', 'paid')).toBe(true);
    expect(canTransition('created', 'closed')).toBe(true);
    expect(canTransition('paid', 'refunding')).toBe(true);
    expect(canTransition('refunding', 'refunded')).toBe(true);
    expect(canTransition('partially_refunded', 'refunding')).toBe(true);
    expect(canTransition('paid', 'closed')).toBe(false);
    expect(canTransition('refunded', 'refunding')).toBe(false);
    expect(canTransition('created', 'refunding')).toBe(false);
  });

  it('records a late payment for a closed order so it can be refunded', () => {
    expect(PAYABLE.every((from) => canTransition(from, 'paid'))).toBe(true);
    expect([...PAYABLE].sort()).toEqual(['closed', 'created']);
  });

  it('a refund of the whole remainder ends refunded, a part of it partially_refunded', () => {
    expect(afterRefund(1990, 1990)).toBe('refunded');
    expect(afterRefund(1990, 1000)).toBe('partially_refunded');
  });

  it('order and refund numbers fit WeChat Pay (≤ 32 / ≤ 64 letters and digits)', () => {
    const no = outTradeNo('65a000000000000000000001', 12);
    expect(no).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(outRefundNo('65a000000000000000000001', 'A', 3)).toMatch(/^[A-Za-z0-9]{1,64}$/);
  });
});
