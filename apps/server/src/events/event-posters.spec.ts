import { eventPosterScene, parseEventPosterScene } from '@quanzi/contract';
import { posterPrice, posterTime } from './event-posters.service';

describe('event poster texts and scene', () => {
  it('the scene carries the event id and the invite code within WeChat’s 32 characters, and reads back', () => {
    for (const id of ['000000000000000000000000', 'ffffffffffffffffffffffff', '65a1b2c3d4e5f60718293a4b']) {
      const scene = eventPosterScene(id, 'AbC123xyz0');
      expect(scene.length).toBeLessThanOrEqual(32);
      expect(scene).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(parseEventPosterScene(scene)).toEqual({ eventId: id, inviteCode: 'AbC123xyz0' });
    }
    expect(parseEventPosterScene('AbC123xyz0')).toBeNull();
  });

  it('formats the time in China time and the price from the cheapest ticket', () => {
    expect(posterTime(new Date('2031-06-01T06:00:00.000Z'))).toBe('6月1日 周日 14:00');
    expect(posterTime(new Date('2031-05-31T16:30:00.000Z'))).toBe('6月1日 周日 00:30');
    expect(posterPrice([0, 0])).toBe('免费');
    expect(posterPrice([0, 3900])).toBe('免费起');
    expect(posterPrice([5990, 3900])).toBe('¥39 起');
    expect(posterPrice([3950])).toBe('¥39.50 起');
  });
});
