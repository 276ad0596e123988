import { getModelToken } from '@nestjs/mongoose';
import type { CreateEventRequest } from '@quanzi/contract';
import type { Model } from 'mongoose';
import { Event } from './events.schema';
import { KNOWN_TAG_IDS, startEventsWorld, type EventsWorld } from '../testing/events-world';

describe('events: create, edit, visibility, tags, views', () => {
  let w: EventsWorld;
  let events: Model<Event>;
  const base: CreateEventRequest = {
    title: '线上读书会',
    mode: 'online',
    onlineUrl: 'https://meeting.example.com/j/123',
    startAt: '2030-05-01T12:00:00.000Z',
    endAt: '2030-05-01T13:00:00.000Z',
    ticketTypes: [{ name: '免费票', priceFen: 0, quota: 20 }],
    status: 'published',
  };

  beforeAll(async () => {
    w = await startEventsWorld({}, 3);
    events = w.t.app.get(getModelToken(Event.name));
  });
  afterAll(() => w.t.close());

  it('creates an event with ticket types, form fields and preset tags; the detail shows remaining seats', async () => {
    const created = await w.as(w.admin).createEvent(w.circleId, {
      ...base,
      description: '一起读《活着》',
      signupDeadline: '2030-05-01T10:00:00.000Z',
      tagIds: [KNOWN_TAG_IDS[0]],
      formFields: [{ key: 'city', label: '城市', type: 'select', options: ['北京', '上海'], required: true }],
      ticketTypes: [
        { name: '免费票', priceFen: 0, quota: 20 },
        { name: '赞助票', priceFen: 990, quota: 5, perUserLimit: 2 },
      ],
    });
    expect(created).toMatchObject({
      circleId: w.circleId,
      title: '线上读书会',
      mode: 'online',
      status: 'published',
      onlineUrl: 'https://meeting.example.com/j/123',
      signupDeadline: '2030-05-01T10:00:00.000Z',
      tagIds: [KNOWN_TAG_IDS[0]],
      formFields: [{ key: 'city', label: '城市', type: 'select', options: ['北京', '上海'], required: true }],
      myRegistrations: [],
      canCheckIn: true,
    });
    expect(created.ticketTypes).toEqual([
      expect.objectContaining({ name: '免费票', priceFen: 0, quota: 20, sold: 0, remaining: 20, perUserLimit: 1 }),
      expect.objectContaining({ name: '赞助票', priceFen: 990, quota: 5, sold: 0, remaining: 5, perUserLimit: 2 }),
    ]);
  });

  it('refuses form field keys every object inherits (constructor, hasOwnProperty, __proto__…), storing nothing', async () => {
    const before = await events.countDocuments();
    for (const key of ['constructor', 'hasOwnProperty', 'toString', 'valueOf', '__proto__']) {
      const res = await w.t.request('POST', `/api/circles/${w.circleId}/events`, {
        token: w.admin.token,
        body: { ...base, formFields: [{ key, label: '城市', type: 'text', required: true }] },
      });
      expect([key, res.status]).toEqual([key, 400]);
      expect(res.body.details).toContainEqual({
        field: 'formFields.0.key',
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
      expect(res.body.details.every((d: { field: string }) => d.field === 'formFields.0.key')).toBe(true);
    }
    expect(await events.countDocuments()).toBe(before);
  });

  it('refuses invalid events with 400 and per-field details, storing nothing', async () => {
    const before = await events.countDocuments();
    const res = await w.t.request('POST', `/api/circles/${w.circleId}/events`, {
      token: w.admin.token,
      body: {
        ...base,
        mode: 'offline',
        onlineUrl: undefined,
        endAt: '2030-05-01T11:00:00.000Z',
        formFields: [{ key: 'size', label: '尺码', type: 'select', required: true }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'endAt', message: '结束时间必须晚于开始时间' },
        { field: 'location', message: '线下活动需要填写地点' },
        { field: 'formFields.0.options', message: '单选项至少需要一个选项' },
      ]),
    );
    const dto = await w.t.request('POST', `/api/circles/${w.circleId}/events`, {
      token: w.admin.token,
      body: { ...base, ticketTypes: [{ name: '', priceFen: -1, quota: 0 }] },
    });
    expect(dto.status).toBe(400);
    expect(dto.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['ticketTypes.0.name', 'ticketTypes.0.priceFen', 'ticketTypes.0.quota']),
    );
    const tags = await w.t.request('POST', `/api/circles/${w.circleId}/events`, {
      token: w.admin.token,
      body: { ...base, tagIds: ['65a0000000000000000000ff'] },
    });
    expect(tags.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'tagIds', message: '标签不存在' }],
    });
    expect(await events.countDocuments()).toBe(before);
  });

  it('only admins create, edit and cancel (403 for members, 401 without a token)', async () => {
    const m = w.members[0];
    expect(
      (await w.t.request('POST', `/api/circles/${w.circleId}/events`, { token: m.token, body: base })).status,
    ).toBe(403);
    expect((await w.t.request('POST', `/api/circles/${w.circleId}/events`, { body: base })).status).toBe(401);
    const id = await w.createEvent();
    expect((await w.t.request('PATCH', `/api/events/${id}`, { token: m.token, body: { title: 'x' } })).status).toBe(
      403,
    );
    expect((await w.t.request('POST', `/api/events/${id}/cancel`, { token: m.token })).status).toBe(403);
    expect((await w.t.request('GET', `/api/events/${id}`, { token: w.outsider.token })).status).toBe(403);
  });

  it('gives the online link to ticket holders only, and the preset tags to confirmed registrants (source event)', async () => {
    const id = (await w.as(w.admin).createEvent(w.circleId, { ...base, tagIds: [...KNOWN_TAG_IDS] })).id;
    const m = w.members[1];
    const before = await w.as(m).getEvent(id);
    expect(before.onlineUrl).toBeNull();
    expect(before.checkerIds).toEqual([]);
    expect(before.canCheckIn).toBe(false);
    w.tagCalls.length = 0;
    await w.as(m).register(id, { ticketTypeId: before.ticketTypes[0].id });
    const after = await w.as(m).getEvent(id);
    expect(after.onlineUrl).toBe('https://meeting.example.com/j/123');
    expect(after.myRegistrations).toEqual([
      expect.objectContaining({ status: 'confirmed', ticketCode: expect.any(String) }),
    ]);
    expect(w.tagCalls).toEqual([
      {
        circleId: w.circleId,
        userId: m.user.id,
        tagIds: KNOWN_TAG_IDS,
        source: { kind: 'event', refId: id, label: '线上读书会' },
      },
    ]);
  });

  it('publishes event.viewed once per member per day', async () => {
    const id = await w.createEvent();
    w.published.length = 0;
    await Promise.all([
      w.as(w.members[2]).getEvent(id),
      w.as(w.members[2]).getEvent(id),
      w.as(w.members[2]).getEvent(id),
    ]);
    await w.as(w.members[0]).getEvent(id);
    const views = w.published.filter((e) => e.name === 'event.viewed');
    expect(views.map((e) => e.payload.actorId).sort()).toEqual([w.members[2].user.id, w.members[0].user.id].sort());
    expect(views[0].payload).toMatchObject({ circleId: w.circleId, eventId: id });
  });

  it('hides drafts from members until published; lists events newest first', async () => {
    const draft = await w.createEvent({ status: 'draft', title: '草稿活动' });
    const m = w.members[0];
    expect((await w.t.request('GET', `/api/events/${draft}`, { token: m.token })).status).toBe(404);
    expect((await w.as(m).listEvents(w.circleId, { limit: 100 })).items.map((e) => e.id)).not.toContain(draft);
    expect((await w.as(w.admin).listEvents(w.circleId, { status: 'draft' })).items.map((e) => e.id)).toEqual([draft]);
    await w.as(w.admin).updateEvent(draft, { status: 'published' });
    expect((await w.as(m).listEvents(w.circleId, { limit: 1 })).items[0]).toMatchObject({
      id: draft,
      title: '草稿活动',
      status: 'published',
    });
  });

  it('edits fields and ticket types; a quota below the seats taken is refused', async () => {
    const id = await w.createEvent({ ticketTypes: [{ name: '普通票', priceFen: 0, quota: 3 }] });
    const typeId = (await w.as(w.admin).getEvent(id)).ticketTypes[0].id;
    await w.as(w.members[0]).register(id, { ticketTypeId: typeId });
    await w.as(w.members[1]).register(id, { ticketTypeId: typeId });
    const low = await w.t.request('PATCH', `/api/events/${id}`, {
      token: w.admin.token,
      body: { ticketTypes: [{ id: typeId, name: '普通票', priceFen: 0, quota: 1 }] },
    });
    expect(low.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'ticketTypes.0.quota', message: '名额不能少于已报名人数' }],
    });
    const edited = await w.as(w.admin).updateEvent(id, {
      title: '香山秋季徒步（改期）',
      ticketTypes: [
        { id: typeId, name: '普通票', priceFen: 0, quota: 2 },
        { name: '加场票', priceFen: 0, quota: 5 },
      ],
    });
    expect(edited.title).toBe('香山秋季徒步（改期）');
    expect(edited.ticketTypes.map((t) => [t.name, t.quota, t.sold, t.remaining])).toEqual([
      ['普通票', 2, 2, 0],
      ['加场票', 5, 0, 5],
    ]);
    await w.as(w.admin).cancelEvent(id);
    expect(
      (await w.t.request('PATCH', `/api/events/${id}`, { token: w.admin.token, body: { title: 'x' } })).body.code,
    ).toBe('CLOSED');
  });
});
