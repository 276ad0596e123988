import type { CreateEventRequest, LoginResponse, TagSourceKind } from '@quanzi/contract';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent, DomainEventName } from '../bus/domain-events';
import { MEMBER_TAGGER, type MemberTagger, type TagGrantSource } from '../circles/circle-extensions';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '@quanzi/contract';
import { startTestApp, type TestContext } from './test-app';

/** Tag ids the recording tagger knows. */
export const KNOWN_TAG_IDS = ['65a000000000000000000001', '65a000000000000000000002'];

export interface TagCall {
  circleId: string;
  userId: string;
  tagIds: string[];
  source: TagGrantSource;
}

/** A booted app, a circle with an owner, an admin and members, recorded domain events and tag calls. */
export interface EventsWorld {
  t: TestContext;
  owner: LoginResponse;
  admin: LoginResponse;
  members: LoginResponse[];
  outsider: LoginResponse;
  circleId: string;
  published: DomainEvent[];
  tagCalls: TagCall[];
  as(who: LoginResponse): ReturnType<TestContext['client']>;
  /** More members of the circle, logged in concurrently, joined one by one. */
  addMembers(count: number): Promise<LoginResponse[]>;
  createEvent(overrides?: Partial<CreateEventRequest>): Promise<string>;
}

let seq = 0;

export async function startEventsWorld(env: Record<string, string> = {}, memberCount = 4): Promise<EventsWorld> {
  const t = await startTestApp({ EVENT_HOLD_SWEEP_MS: '0', ...env });
  const published: DomainEvent[] = [];
  const bus = t.app.get(DomainEventBus);
  const names: DomainEventName[] = [
    'event.viewed',
    'registration.confirmed',
    'registration.cancelled',
    'registration.promoted',
    'checkin.recorded',
    'event.cancelled',
  ];
  for (const name of names) bus.subscribe(name, (e) => void published.push(e));

  // Stand in for the tags module's tagger (two known ids, grants recorded) so these specs see exactly
  // what the events module asks for; test/api/events.test.ts covers grants through the real module.
  const tagCalls: TagCall[] = [];
  const fake: MemberTagger = {
    async assertTagsExist(_circleId, tagIds) {
      const unknown = tagIds.filter((id) => !KNOWN_TAG_IDS.includes(id));
      if (unknown.length)
        throw new DomainError(ErrorCode.VALIDATION_FAILED, '标签不存在', [{ field: 'tagIds', message: '标签不存在' }]);
    },
    async addTags(circleId, userId, tagIds, source) {
      tagCalls.push({ circleId, userId, tagIds, source: { ...source, kind: source.kind as TagSourceKind } });
    },
  };
  Object.assign(t.app.get(MEMBER_TAGGER, { strict: false }), fake);

  const run = (seq += 1);
  let n = 0;
  const login = (): Promise<LoginResponse> => t.client().loginWechat({ code: `code-openid-ev${run}x${(n += 1)}` });
  const as = (who: LoginResponse) => t.client(who.token);
  const owner = await login();
  const circleId = (await as(owner).createCircle({ name: '周末徒步俱乐部', joinPolicy: 'open' })).id;
  const addMembers = async (count: number) => {
    const out: LoginResponse[] = [];
    for (let i = 0; i < count; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => login()));
      // One join at a time: concurrent joins all update the circle's member count and retry on
      // the write conflict, several times slower, and they are setup here, not what is tested.
      for (const m of batch) await as(m).joinCircle(circleId);
      out.push(...batch);
    }
    return out;
  };
  const [admin] = await addMembers(1);
  await as(owner).updateMemberRole(circleId, admin.user.id, { role: 'admin' });
  const members = await addMembers(memberCount);
  const outsider = await login();

  const createEvent = async (overrides: Partial<CreateEventRequest> = {}) =>
    (
      await as(admin).createEvent(circleId, {
        title: '香山秋季徒步',
        mode: 'offline',
        location: '北京香山公园东门',
        startAt: '2030-10-01T01:00:00.000Z',
        endAt: '2030-10-01T09:00:00.000Z',
        ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
        status: 'published',
        ...overrides,
      })
    ).id;

  return { t, owner, admin, members, outsider, circleId, published, tagCalls, as, addMembers, createEvent };
}
