import { chatWindow } from './chat-rules';

describe('chatWindow', () => {
  const startAt = new Date('2031-06-01T10:00:00Z');
  const endAt = new Date('2031-06-01T12:00:00Z');
  const at = (iso: string) => new Date(iso);
  const event = { chatEnabled: false, startAt, endAt, status: 'published' as const };

  it('stays closed until two hours before the start unless the admin opened it', () => {
    expect(chatWindow(event, at('2031-06-01T07:59:59Z'))).toBe('not_open');
    expect(chatWindow(event, at('2031-06-01T08:00:00Z'))).toBe('open');
    expect(chatWindow({ ...event, chatEnabled: true }, at('2031-05-01T00:00:00Z'))).toBe('open');
  });

  it('turns read-only three days after the end, and for a cancelled event', () => {
    expect(chatWindow(event, at('2031-06-04T12:00:00Z'))).toBe('open');
    expect(chatWindow(event, at('2031-06-04T12:00:01Z'))).toBe('read_only');
    expect(chatWindow({ ...event, chatEnabled: true, status: 'cancelled' }, at('2031-06-01T11:00:00Z'))).toBe(
      'read_only',
    );
  });
});
