import { addDays, daysBetween, eachDay, monthPeriod, ratio, weekOf, weekPeriod } from './analytics-days';

describe('analytics calendar helpers', () => {
  it('files a day under the Monday of its week, across month and year ends', () => {
    expect(weekOf('2026-03-02')).toBe('2026-03-02'); // a Monday
    expect(weekOf('2026-03-08')).toBe('2026-03-02'); // the Sunday after
    expect(weekOf('2026-03-09')).toBe('2026-03-09');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
    expect(weekPeriod('2026-03-05')).toBe('w:2026-03-02');
    expect(monthPeriod('2026-03-05')).toBe('m:2026-03');
  });

  it('counts and lists days', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-03-31', '2026-03-01')).toBe(-30);
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDay('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('rounds ratios and answers 0 for an empty whole', () => {
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(2, 0)).toBe(0);
  });
});
