import { inQuietHours, quietHoursEnd } from './quiet-hours';

const cst = (iso: string) => new Date(`${iso}+08:00`);
const night = { start: '22:00', end: '08:00' };

describe('quiet hours (Asia/Shanghai)', () => {
  it('holds 22:00–08:00 across midnight, not the day', () => {
    expect(inQuietHours(night, cst('2026-03-01T22:00:00'))).toBe(true);
    expect(inQuietHours(night, cst('2026-03-02T03:30:00'))).toBe(true);
    expect(inQuietHours(night, cst('2026-03-02T07:59:00'))).toBe(true);
    expect(inQuietHours(night, cst('2026-03-02T08:00:00'))).toBe(false);
    expect(inQuietHours(night, cst('2026-03-01T21:59:00'))).toBe(false);
  });

  it('handles a window within one day, and none', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(inQuietHours(lunch, cst('2026-03-01T12:45:00'))).toBe(true);
    expect(inQuietHours(lunch, cst('2026-03-01T13:30:00'))).toBe(false);
    expect(inQuietHours(null, cst('2026-03-01T23:00:00'))).toBe(false);
  });

  it('releases held pushes at the end of the window, the next morning when late at night', () => {
    expect(quietHoursEnd(night, cst('2026-03-01T23:10:00'))).toEqual(cst('2026-03-02T08:00:00'));
    expect(quietHoursEnd(night, cst('2026-03-02T06:00:00'))).toEqual(cst('2026-03-02T08:00:00'));
    const noon = cst('2026-03-02T12:00:00');
    expect(quietHoursEnd(night, noon)).toBe(noon);
  });
});
