import { ApiRoutes, type LoginResponse } from '@quanzi/contract';
import { sendRaw, useStack } from '../harness';

/**
 * The events flow over real HTTP against the built server: a retried signup is the same
 * registration, a ticket checks in at the door once, the wrong people are refused, and tags land
 * through the real tags module. The concurrency rules (a 300-signup burst never oversells, 50
 * parallel scans check a ticket in once) are asserted once, in the server's specs
 * (registrations.spec.ts, checkin.spec.ts), where they can also look at the stored rows.
 */
describe('events over HTTP: idempotency, check-in, permissions, tags', () => {
  const stack = useStack({ label: 'api-events' });
  let admin: LoginResponse;
  let circleId: string;

  /** Logged-in members of the circle (setup, not what is tested). */
  const members = async (count: number, tag: string): Promise<LoginResponse[]> => {
    const out = await Promise.all(
      Array.from({ length: count }, (_, j) => stack.api.loginDev({ nickname: `ev-${tag}-${j}` })),
    );
    for (const m of out) await stack.as(m.token).joinCircle(circleId);
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

  test('a signup retried with the same Idempotency-Key is the same registration', async () => {
    const [m] = await members(1, 'retry');
    const event = await newEvent(10);
    const body = { ticketTypeId: event.ticketTypes[0].id };
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => stack.as(m.token).register(event.id, body, 'retry-key-1')),
    );
    expect(new Set(attempts.map((r) => r.id)).size).toBe(1);
    expect((await stack.as(admin.token).getEvent(event.id)).ticketTypes[0].sold).toBe(1);
  });

  test('a ticket checks in once at the door; forged codes and members are refused', async () => {
    const [holder, other] = await members(2, 'door');
    const event = await newEvent(10);
    const ticket = await stack.as(holder.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    const scan = (token: string, ticketCode: string) =>
      sendRaw(stack.baseUrl, 'POST', ApiRoutes.eventCheckins(event.id), {
        token,
        rawBody: JSON.stringify({ ticketCode }),
      });
    const first = await scan(admin.token, ticket.ticketCode!);
    const again = await scan(admin.token, ticket.ticketCode!);
    expect(first).toMatchObject({ status: 200, body: { result: 'checked_in' } });
    expect(again).toMatchObject({ status: 200, body: { result: 'already_checked_in' } });
    expect((again.body as { checkedInAt: string }).checkedInAt).toBe(
      (first.body as { checkedInAt: string }).checkedInAt,
    );
    // Alter the first signature character (every bit of it counts).
    const [prefix, id, sig] = ticket.ticketCode!.split('.');
    const forged = await scan(admin.token, `${prefix}.${id}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    expect(forged).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: '无效的门票码' } });
    expect((await scan(other.token, ticket.ticketCode!)).status).toBe(403);
    expect(
      (await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventRegistrationsCsv(event.id), { token: other.token })).status,
    ).toBe(403);
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
