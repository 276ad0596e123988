import { ApiRoutes, ErrorCode, type ApiClient, type CreateEventRequest, type LoginResponse } from '@quanzi/contract';
import { expectApiError, sendRaw, useStack } from '../harness';

/**
 * Exports on weapp: wx.downloadFile cannot send the bearer token, so an admin asks for a
 * 5-minute link signed for one export path; the export checks the link's user's role as usual.
 */
describe('export links: short-lived signed downloads for wx.downloadFile', () => {
  const stack = useStack({ label: 'api-export-links', env: { TEST_CLOCK: '1' } });
  let n = 0;
  const login = async (nickname: string): Promise<LoginResponse & { api: ApiClient }> => {
    const who = await stack.api.loginDev({ nickname: `${nickname}-${(n += 1)}` });
    return { ...who, api: stack.as(who.token) };
  };

  test('an admin downloads the attendee and member CSVs with no token; wrong path, tampering or expiry are 401; a member link is 403', async () => {
    const owner = await login('导出圈主');
    const member = await login('导出成员');
    const circle = await owner.api.createCircle({ name: '导出圈', joinPolicy: 'open' });
    await member.api.joinCircle(circle.id);
    const eventBody = (title: string): CreateEventRequest => ({
      title,
      mode: 'offline',
      location: '会议室',
      startAt: '2031-06-01T06:00:00.000Z',
      endAt: '2031-06-01T08:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
      status: 'published',
    });
    const event = await owner.api.createEvent(circle.id, eventBody('导出测试活动'));
    const other = await owner.api.createEvent(circle.id, eventBody('另一个活动'));
    await member.api.register(event.id, { ticketTypeId: event.ticketTypes[0].id });

    // Without a token or link the CSV is 401, as before.
    expect((await sendRaw(stack.baseUrl, 'GET', ApiRoutes.eventRegistrationsCsv(event.id))).status).toBe(401);

    const link = await owner.api.exportLink({ path: ApiRoutes.eventRegistrationsCsv(event.id) });
    expect(link.url).toBe(`${link.url.split('/api/')[0]}${link.path}`);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    const csv = await sendRaw(stack.baseUrl, 'GET', link.path);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(csv.body)).toContain(member.user.nickname);

    const members = await owner.api.exportLink({ path: ApiRoutes.circleMembersCsv(circle.id) });
    const membersCsv = await sendRaw(stack.baseUrl, 'GET', members.path);
    expect(membersCsv.status).toBe(200);
    expect(String(membersCsv.body)).toContain(member.user.nickname);

    // The signature opens only its own path.
    const query = link.path.split('?')[1];
    const moved = await sendRaw(stack.baseUrl, 'GET', `${ApiRoutes.eventRegistrationsCsv(other.id)}?${query}`);
    expect(moved.status).toBe(401);
    expect(moved.body).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const tampered = await sendRaw(stack.baseUrl, 'GET', link.path.replace(owner.user.id, member.user.id));
    expect(tampered.status).toBe(401);

    // A member may ask for a link, but the export still wants an admin.
    const memberLink = await member.api.exportLink({ path: ApiRoutes.eventRegistrationsCsv(event.id) });
    expect((await sendRaw(stack.baseUrl, 'GET', memberLink.path)).status).toBe(403);

    // Only export paths are signed; signed out gets nothing.
    const refused = await expectApiError(owner.api.exportLink({ path: ApiRoutes.circle(circle.id) }), 400);
    expect(refused.details).toEqual([expect.objectContaining({ field: 'path' })]);
    await expectApiError(stack.api.exportLink({ path: ApiRoutes.eventRegistrationsCsv(event.id) }), 401);

    // Five minutes later the link is dead.
    await stack.advanceClock(5 * 60_000 + 1_000);
    const expired = await sendRaw(stack.baseUrl, 'GET', link.path);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ message: '下载链接无效或已过期，请重新导出' });
  });
});
