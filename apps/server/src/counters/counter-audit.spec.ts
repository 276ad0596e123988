import * as fs from 'node:fs';
import * as path from 'node:path';
import { getConnectionToken } from '@nestjs/mongoose';
import type { LoginResponse } from '@quanzi/contract';
import type { Connection, mongo } from 'mongoose';
import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../testing/test-app';
import { auditCounters, fixDrift, formatReports, type CounterReport } from './counter-audit';
import { STORED_COUNTERS } from './stored-counters';

const driftOf = (reports: CounterReport[]) =>
  Object.fromEntries(
    reports
      .filter((r) => r.drifts.length > 0)
      .map((r) => [`${r.collection}.${r.field}`, r.drifts.map(({ stored, counted }) => ({ stored, counted }))]),
  );

describe('repair-counters: recounting stored counters from their rows', () => {
  let t: TestContext;
  let db: mongo.Db;
  let n = 0;
  const login = (): Promise<LoginResponse> => t.client().loginWechat({ code: `code-openid-recount${(n += 1)}` });
  const as = (who: LoginResponse) => t.client(who.token);
  let ids: { circle: string; post: string; invite: string; poll: string };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get<Connection>(getConnectionToken()).db!;
    const [owner, a, b] = [await login(), await login(), await login()];
    const circle = await as(owner).createCircle({ name: '对账俱乐部', joinPolicy: 'open' });
    const invite = await as(owner).createInvite(circle.id, { channel: '海报' });
    await t.request('GET', `/api/invites/${invite.code}`, { token: a.token });
    await as(a).joinCircle(circle.id, { inviteCode: invite.code });
    await as(b).joinCircle(circle.id);
    const post = await as(owner).createPost(circle.id, { text: '数一数' });
    await as(a).likePost(post.id);
    await as(b).likePost(post.id);
    await as(a).createComment(post.id, { text: '好' });
    const poll = await as(owner).createPoll(circle.id, {
      title: '午饭吃什么',
      kind: 'poll',
      resultsVisibility: 'always',
      questions: [{ type: 'single', title: '选一个', options: [{ label: '面' }, { label: '饭' }] }],
    });
    const q = poll.questions[0];
    await as(a).respondToPoll(poll.id, { answers: [{ questionId: q.id, optionIds: [q.options[0].id] }] });
    ids = { circle: circle.id, post: post.id, invite: invite.id, poll: poll.id };
  });
  afterAll(() => t.close());

  it('finds no drift in counters kept by the services, and checks every registered counter', async () => {
    const reports = await auditCounters(db);
    expect(driftOf(reports)).toEqual({});
    expect(reports.map((r) => `${r.collection}.${r.field}`)).toEqual(
      STORED_COUNTERS.map((c) => `${c.collection}.${c.field}`),
    );
    const checked = Object.fromEntries(reports.map((r) => [`${r.collection}.${r.field}`, r.checked]));
    expect(checked).toMatchObject({
      'circles.memberCount': 1,
      'posts.likeCount': 1,
      'invites.clicks': 1,
      'polls.responseCount': 1,
    });
    expect(checked['activity_rollups.count']).toBeGreaterThan(0);
  });

  it('reports drift introduced directly in the database, fixes it with fix, and is clean afterwards', async () => {
    const oid = (id: string) => new Types.ObjectId(id);
    await db.collection('posts').updateOne({ _id: oid(ids.post) }, { $inc: { likeCount: 5 } });
    await db.collection('circles').updateOne({ _id: oid(ids.circle) }, { $set: { memberCount: 0 } });
    await db.collection('invite_clicks').deleteMany({ inviteId: oid(ids.invite) });
    await db.collection('polls').updateOne({ _id: oid(ids.poll) }, { $unset: { responseCount: '' } });
    const rollup = await db.collection('activity_rollups').findOneAndDelete({ type: 'post.liked' });
    expect(rollup?.count).toBe(2);

    const found = await auditCounters(db);
    expect(driftOf(found)).toEqual({
      'posts.likeCount': [{ stored: 7, counted: 2 }],
      'circles.memberCount': [{ stored: 0, counted: 3 }],
      'invites.clicks': [{ stored: 1, counted: 0 }],
      'polls.responseCount': [{ stored: null, counted: 1 }],
      'activity_rollups.count': [{ stored: null, counted: 2 }],
    });
    expect(found.every((r) => r.fixed === 0)).toBe(true);
    const table = formatReports(found, false);
    expect(table.split('\n')[0]).toMatch(/^collection\s+field\s+documents checked\s+drifted$/);
    expect(table).toMatch(/^posts\s+likeCount\s+1\s+1$/m);
    // A check changes nothing.
    expect((await db.collection('posts').findOne({ _id: oid(ids.post) }))?.likeCount).toBe(7);

    const fixed = await auditCounters(db, { fix: true });
    expect(fixed.reduce((sum, r) => sum + r.fixed, 0)).toBe(5);
    expect(driftOf(await auditCounters(db))).toEqual({});
    expect((await db.collection('posts').findOne({ _id: oid(ids.post) }))?.likeCount).toBe(2);
    expect((await db.collection('circles').findOne({ _id: oid(ids.circle) }))?.memberCount).toBe(3);
    expect((await db.collection('activity_rollups').findOne({ type: 'post.liked' }))?.count).toBe(2);
    // The API reads the repaired values.
    expect(
      (await t.client().openInvite((await db.collection('invites').findOne({ _id: oid(ids.invite) }))!.code)).circle
        .memberCount,
    ).toBe(3);
  });

  it('does not overwrite a counter that changed between the audit and the fix', async () => {
    const post = new Types.ObjectId(ids.post);
    await db.collection('posts').updateOne({ _id: post }, { $set: { likeCount: 40 } });
    const spec = STORED_COUNTERS.find((c) => c.collection === 'posts' && c.field === 'likeCount')!;
    const [report] = await auditCounters(db, { counters: [spec] });
    expect(report.drifts).toEqual([{ key: { _id: post }, stored: 40, counted: 2 }]);
    // A like commits after the audit read the counter: its row and its +1 land together.
    await db
      .collection('post_likes')
      .insertOne({ postId: post, userId: new Types.ObjectId(), circleId: new Types.ObjectId(ids.circle) });
    await db.collection('posts').updateOne({ _id: post }, { $inc: { likeCount: 1 } });
    expect(await fixDrift(db, spec, report.drifts[0])).toBe(false);
    expect((await db.collection('posts').findOne({ _id: post }))?.likeCount).toBe(41);
    const [again] = await auditCounters(db, { counters: [spec], fix: true });
    expect(again).toMatchObject({ drifts: [{ stored: 41, counted: 3 }], fixed: 1 });
    expect((await db.collection('posts').findOne({ _id: post }))?.likeCount).toBe(3);
  });

  it('knows every counter the services increment (a new $inc counter must be registered to be audited)', () => {
    const root = path.join(__dirname, '..');
    const sources = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.startsWith('testing'));
    const incremented = new Set<string>();
    for (const file of sources) {
      for (const m of fs.readFileSync(path.join(root, file), 'utf8').matchAll(/\$inc: \{ (\w+):/g))
        incremented.add(m[1]);
    }
    // questionsRevision is a version number, and subscribe-message credits a balance WeChat grants
    // (one per accepted template): neither is a count of rows.
    incremented.delete('questionsRevision');
    incremented.delete('credits');
    const registered = new Set(STORED_COUNTERS.map((c) => c.field));
    expect([...incremented].filter((f) => !registered.has(f))).toEqual([]);
    expect(incremented.size).toBeGreaterThanOrEqual(8);
  });
});
