import { ApiRoutes, type LoginResponse, type RegistrationView } from '@quanzi/contract';
import { sendRaw, useStack } from '../harness';

/**
 * The events rules that matter most at the door, over real HTTP against the built server:
 * a signup burst never oversells, a retried signup is the same registration, parallel scans
 * check a ticket in once, and the wrong people are refused.
 */
describe('events over HTTP: signup burst, idempotency, check-in, permissions', () => {
  const stack = useStack({ label: 'api-events' });
  let admin: LoginResponse;
  let circleId: string;

  /** Logged-in members of the circle, joined 50 at a time (setup, not what is tested). */
  const members = async (count: number, tag: string): Promise<LoginResponse[]> => {
    const out: LoginResponse[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => stack.api.loginDev({ nickname: `ev-${tag}-${i + j}` })));
      await Promise.all(batch.map((m) => stack.as(m.token).joinCircle(circleId)));
      out.push(...batch);
    }
    return out;
  };

  const newEvent = async (quota: number) =>
    stack.as(admin.token).createEvent(circleId, {
      title: '周末飞盘',
      mode: 'offline',
      location: '朝阳公园',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota }],
      status: 'published',
    });

  beforeAll(async () => {
    admin = await stack.api.loginDev({ nickname: 'ev-admin' });
    circleId = (await stack.as(admin.token).createCircle({ name: '飞盘俱乐部', joinPolicy: 'open' })).id;
  }, 60_000);

  test('300 concurrent signups for 100 seats: exactly 100 confirmed, 200 SOLD_OUT, sold = 100', async () => {
    const crowd = await members(300, 'burst');
    const event = await newEvent(100);
    const typeId = event.ticketTypes[0].id;
    const results = await Promise.all(
      crowd.map((m) => sendRaw(stack.baseUrl, 'POST', ApiRoutes.eventRegistrations(event.id), { token: m.token, rawBody: JSON.stringify({ ticketTypeId: typeId }) })),
    );
    expect(results.filter((r) => r.status === 201 && (r.body as RegistrationView).status === 'confirmed')).toHaveLength(100);
    expect(results.filter((r) => r.status === 409 && (r.body as { code: string }).code === 'SOLD_OUT')).toHaveLength(200);
    const after = await stack.as(admin.token).getEvent(event.id);
    expect(after.ticketTypes[0]).toMatchObject({ sold: 100, remaining: 0 });
    expect((await stack.as(admin.token).eventStats(event.id)).registered).toBe(100);
  }, 120_000);

  test('a signup retried with the same Idempotency-Key is the same registration', async () => {
    const [m] = await members(1, 'retry');
    const event = await newEvent(10);
    const body = { ticketTypeId: event.ticketTypes[0].id };
    const attempts = await Promise.all(Array.from({ length: 5 }, () => stack.as(m.token).register(event.id, body, 'retry-key-1')));
    expect(new Set(attempts.map((r) => r.id)).size).toBe(1);
    expect((await stack.as(admin.token).getEvent(event.id)).ticketTypes[0].sold).toBe(1);
  });

  test('50 parallel scans check a ticket in once; forged codes and members are refused', async () => {
    const [holder, other] = await members(2, 'door');
    const event = await newEvent(10);
    const ticket = await stack.as(holder.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    const scan = (token: string, ticketCode: string) =>
      sendRaw(stack.baseUrl, 'POST', ApiRoutes.eventCheckins(event.id), { token, rawBody: JSON.stringify({ ticketCode }) });
    const results = await Promise.all(Array.from({ length: 50 }, () => scan(admin.token, ticket.ticketCode!)));
    const outcomes = results.map((r) => (r.body as { result?: string }).result);
    expect(outcomes.filter((o) => o === 'checked_in')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_checked_in')).toHaveLength(49);
    expect(new Set(results.map((r) => (r.body as { checkedInAt: string }).checkedInAt)).size).toBe(1);
    // Alter the first signature character (every bit of it counts).
    const [prefix, id, sig] = ticket.ticketCode!.split('.');
    const forged = await scan(admin.token, `${prefix}.${id}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    expect(forged).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: '无效的门票码' } });
    expect((await scan(other.token, ticket.ticketCode!)).status).toBe(403);
    expect((await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventRegistrationsCsv(event.id), { token: other.token })).status).toBe(403);
    expect((await scan('', ticket.ticketCode!)).status).toBe(401);
    const csv = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventRegistrationsCsv(event.id), { token: admin.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  test("an event's preset tag, and the tags of the invite signed up through, land on the registrant with their sources", async () => {
    const tag = await stack.as(admin.token).createTag(circleId, { name: '飞盘新人' });
    const friendTag = await stack.as(admin.token).createTag(circleId, { name: '朋友推荐' });
    const link = await stack.as(admin.token).createInvite(circleId, { channel: '飞盘群', tagIds: [friendTag.id] });
    const event = await stack.as(admin.token).createEvent(circleId, {
      title: '飞盘体验课',
      mode: 'offline',
      location: '奥森公园',
      startAt: '2031-07-01T01:00:00.000Z',
      endAt: '2031-07-01T03:00:00.000Z',
      ticketTypes: [{ name: '体验票', priceFen: 0, quota: 5 }],
      tagIds: [tag.id],
      status: 'published',
    });
    const [newcomer, other] = await members(2, 'tagged');
    await stack.as(newcomer.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id, inviteCode: link.code });

    const tagged = await stack.as(admin.token).listMembers(circleId, { tagIds: tag.id });
    expect(tagged.items.map((m) => [m.userId, m.tags.map((t) => [t.name, t.source.kind, t.source.label])])).toEqual([
      [
        newcomer.user.id,
        [
          ['飞盘新人', 'event', '飞盘体验课'],
          ['朋友推荐', 'invite', '飞盘群'],
        ],
      ],
    ]);
    expect(tagged.items.map((m) => m.userId)).not.toContain(other.user.id);
  });
});
