import { DAY_MS, everReached, windowRange } from './tag-rule-window';

const at = (iso: string) => new Date(iso);

describe('windowRange (the progress filter of a rule window)', () => {
  it('counts units over a rolling window: strictly after at − D days, up to at', () => {
    const now = at('2026-10-08T12:00:00Z');
    expect(windowRange('times', 7, now)).toEqual({ field: 'at', from: new Date(now.getTime() - 7 * DAY_MS), to: now });
  });

  it('counts days as China-time calendar days: today and the D − 1 days before', () => {
    // 2026-10-08T16:30Z is already 10-09 00:30 in Shanghai.
    expect(windowRange('days', 7, at('2026-10-08T16:30:00Z'))).toEqual({
      field: 'day',
      from: '2026-10-03',
      to: '2026-10-09',
    });
    expect(windowRange('days', 1, at('2026-10-08T15:59:00Z'))).toEqual({
      field: 'day',
      from: '2026-10-08',
      to: '2026-10-08',
    });
  });
});

describe('everReached (the backfill question: did any window ever hold the threshold)', () => {
  const t0 = at('2026-01-01T00:00:00Z').getTime();
  const days = (...offsets: number[]) => offsets.map((d) => new Date(t0 + d * DAY_MS));

  it('finds two units less than D days apart, in any order, and not D days apart', () => {
    expect(everReached('times', 2, 7, days(8, 0))).toBe(false);
    expect(everReached('times', 2, 7, days(0, 8, 9))).toBe(true);
    expect(everReached('times', 2, 7, days(0, 7))).toBe(false);
    expect(everReached('times', 2, 7, [new Date(t0), new Date(t0 + 7 * DAY_MS - 1)])).toBe(true);
    expect(everReached('times', 3, 30, days(0, 1))).toBe(false);
  });

  it('counts distinct China-time days, several posts on one day once', () => {
    const posts = ['2026-10-01T01:00:00Z', '2026-10-01T05:00:00Z', '2026-10-01T15:59:00Z', '2026-10-01T16:01:00Z'].map(
      at,
    );
    expect(everReached('days', 3, 7, posts)).toBe(false); // 10-01 and 10-02 only
    expect(everReached('days', 3, 7, [...posts, at('2026-10-07T15:00:00Z')])).toBe(true); // 01, 02, 07 within 7 days
    expect(everReached('days', 3, 7, [...posts, at('2026-10-08T01:00:00Z')])).toBe(false); // 10-01..10-08 is 8 days
    expect(
      everReached('days', 3, 7, [at('2026-10-02T01:00:00Z'), at('2026-10-05T01:00:00Z'), at('2026-10-08T01:00:00Z')]),
    ).toBe(true);
  });
});
