import { BSON, Long, ObjectId } from 'bson';
import { cloneValue, Doc, isPlainObject, keyString } from '../bson-values';
import { Blocked, Collection, Txn } from '../collection';
import { badValue, failedToParse, MongoError } from '../errors';
import { matches, validateFilter, valuesAtPath } from '../filter';
import { project, runAggregate, runFind, sortDocs } from '../query';
import { compileUpdate, seedFromQuery, UpdateSpec } from '../update';
import { Collation, parseCollation, withCollation } from '../collation';
import { collectionName, CommandContext, CommandHandler, optionalDoc, optionalNumber } from './context';

const BLOCKED_WAIT_LIMIT_MS = 30_000;

/**
 * A write outside a transaction that meets a document held by one waits until the transaction
 * ends, as mongod does: it sleeps on the holder's waiter list and is woken by its commit or abort
 * (no polling). Each statement checks every target before changing any, so a retried statement
 * never applies twice.
 */
async function waitingForLocks<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + BLOCKED_WAIT_LIMIT_MS;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof Blocked)) throw e;
      await endOf(e.holder, deadline);
    }
  }
}

function endOf(holder: Txn, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        const i = holder.waiters.indexOf(wake);
        if (i >= 0) holder.waiters.splice(i, 1);
        const message = 'operation exceeded time limit waiting for a transaction to finish';
        reject(new MongoError(50, 'MaxTimeMSExpired', message));
      },
      Math.max(0, deadline - Date.now()),
    );
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    holder.waiters.push(wake);
  });
}

function writeError(index: number, e: unknown): Doc {
  if (!(e instanceof MongoError)) throw e;
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

/** Write errors inside a transaction abort it, as on a real server; transient errors travel as command errors. */
function failTransaction(ctx: CommandContext, e: unknown): never {
  if (ctx.txn) ctx.engine.abort(ctx.txn);
  throw e;
}

/** MongoDB stores `_id` first, generating an ObjectId when the client sent none. */
function withId(doc: Doc): Doc {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

const MAX_USER_SIZE = 16 * 1024 * 1024;
/** mongod's internal limit (16 MB + 16 KB) that an update's result may not pass. */
const MAX_INTERNAL_SIZE = MAX_USER_SIZE + 16 * 1024;

function checkInsertSize(doc: Doc, ctx: CommandContext): void {
  // A document is never larger than the message that carried it: measure only when that could pass the limit.
  const bound = ctx.connection.messageBytes;
  if (bound !== undefined && bound <= MAX_USER_SIZE) return;
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_USER_SIZE)
    throw badValue(`object to insert too large. size in bytes: ${size}, max size: ${MAX_USER_SIZE}`);
}

function checkUpdatedSize(doc: Doc): void {
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_INTERNAL_SIZE) {
    throw new MongoError(
      10334,
      'BSONObjectTooLarge',
      `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. ` +
        `Size must be between 0 and ${MAX_INTERNAL_SIZE}(16MB) First element: _id: ${JSON.stringify(doc._id)}`,
    );
  }
}

/**
 * A collection's query-expression validator (create/collMod `validator`), as mongod applies it:
 * `validationAction: 'warn'` and `validationLevel: 'off'` let everything through; 'moderate' lets
 * updates to documents that already failed validation through; `bypassDocumentValidation` skips it.
 */
function checkValidator(coll: Collection, cmd: Doc, doc: Doc, before?: Doc): void {
  const o = coll.options;
  if (!o.validator || cmd.bypassDocumentValidation === true) return;
  if (o.validationAction === 'warn' || o.validationLevel === 'off') return;
  const validator = o.validator as Doc;
  if (matches(doc, validator)) return;
  if (before && o.validationLevel === 'moderate' && !matches(before, validator)) return;
  throw new MongoError(121, 'DocumentValidationFailure', 'Document failed validation', [], {
    errInfo: { failingDocumentId: doc._id, details: { operatorName: '$and', specifiedAs: validator } },
  });
}

/** A time-series collection's documents carry a date in the timeField. */
function checkTimeField(coll: Collection, doc: Doc): void {
  const ts = coll.options.timeseries as { timeField?: string } | undefined;
  if (ts?.timeField && !(doc[ts.timeField] instanceof Date)) {
    throw badValue(`'${ts.timeField}' must be present and contain a valid BSON UTC datetime value`);
  }
}

const insert: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'insert');
  const docs = cmd.documents;
  if (!Array.isArray(docs)) throw failedToParse("'documents' must be an array");
  const ordered = cmd.ordered !== false;
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const doc = withId(docs[i] as Doc);
      if (Array.isArray(doc._id)) throw badValue('The _id field cannot be an array');
      checkInsertSize(doc, ctx);
      checkTimeField(coll, doc);
      checkValidator(coll, cmd, doc);
      await waitingForLocks(() => coll.insert(doc, ctx.txn));
      n++;
    } catch (e) {
      if (e instanceof MongoError && e.labels.includes('TransientTransactionError')) failTransaction(ctx, e);
      writeErrors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  if (writeErrors.length && ctx.txn) ctx.engine.abort(ctx.txn);
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

/**
 * mongod refuses a hint naming no index of the collection (an absent collection ignores it). A hinted
 * index is scanned in its key order: that order comes back (as a sort spec) when the index has one.
 */
function checkHint(cmd: Doc, coll: Collection | undefined): Doc | undefined {
  const hint = cmd.hint;
  if (hint === undefined || hint === null || !coll) return undefined;
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return undefined;
  if (isPlainObject(hint) && '$natural' in hint) return undefined;
  const found =
    typeof hint === 'string' ? coll.indexes.get(hint) : isPlainObject(hint) ? coll.findIndexByKey(hint) : undefined;
  if (found) {
    const key = found.spec.key;
    return Object.values(key).every((v) => v === 1 || v === -1) ? key : undefined;
  }
  {
    throw badValue(
      `error processing query: ns=${coll.ns} planner returned error :: caused by :: ` +
        'hint provided does not correspond to an existing index',
    );
  }
}

/** The command's collation, else the collection's default one (undefined: binary comparison). */
function collationFor(spec: unknown, coll: Collection | undefined): Collation | undefined {
  return spec !== undefined ? parseCollation(spec) : parseCollation(coll?.options.collation);
}

const find: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'find');
  const filter = optionalDoc(cmd, 'filter') ?? {};
  validateFilter(filter);
  const coll = ctx.engine.getCollection(ctx.db, name);
  const collation = collationFor(cmd.collation, coll);
  const hintOrder = checkHint(cmd, coll);
  const limit = optionalNumber(cmd, 'limit');
  const sort = optionalDoc(cmd, 'sort');
  const docs = withCollation(collation, () =>
    runFind(
      coll,
      {
        filter,
        sort: sort && Object.keys(sort).length ? sort : hintOrder,
        skip: optionalNumber(cmd, 'skip'),
        limit,
        projection: optionalDoc(cmd, 'projection'),
      },
      ctx.txn,
    ),
  );
  const single = cmd.singleBatch === true || (limit !== undefined && limit < 0);
  return ctx.cursors.start(`${ctx.db}.${name}`, docs, optionalNumber(cmd, 'batchSize'), single);
};

const getMore: CommandHandler = (cmd, ctx) => {
  const id = cmd.getMore;
  const longId = id instanceof Long ? id : Long.fromNumber(Number(id));
  return ctx.cursors.next(longId, `${ctx.db}.${collectionName(cmd, 'collection')}`, optionalNumber(cmd, 'batchSize'));
};

const killCursors: CommandHandler = (cmd, ctx) => {
  const ids = (cmd.cursors as unknown[]) ?? [];
  return ctx.cursors.kill(ids.map((id) => (id instanceof Long ? id : Long.fromNumber(Number(id)))));
};

interface UpdateStatement {
  q: Doc;
  u: UpdateSpec;
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Doc[];
}

interface StatementResult {
  n: number;
  nModified: number;
  upsertedId?: unknown;
  before?: Doc;
  after?: Doc;
}

/** One update statement; also the core of findAndModify (with `sort` picking the target). */
function applyUpdateStatement(
  ctx: CommandContext,
  cmd: Doc,
  name: string,
  st: UpdateStatement,
  sort?: Doc,
): StatementResult {
  validateFilter(st.q);
  const update = compileUpdate(st.u);
  if (st.multi && update.kind === 'replacement') {
    throw failedToParse('multi update is not supported for replacement-style update');
  }
  const uctx = { query: st.q, arrayFilters: st.arrayFilters, inserting: false };
  const coll = ctx.engine.getCollection(ctx.db, name);
  let targets = coll ? coll.find(st.q, ctx.txn) : [];
  if (sort && Object.keys(sort).length) targets = sortDocs(targets, sort);
  if (!st.multi) targets = targets.slice(0, 1);
  if (coll && targets.length) {
    const ids = targets.map((t) => Collection.idKey(t._id));
    for (const id of ids) coll.checkWritable(id, ctx.txn);
    const nexts = targets.map((t) => update.apply(t, uctx));
    nexts.forEach((next, i) => {
      checkUpdatedSize(next);
      checkValidator(coll, cmd, next, targets[i]);
    });
    let nModified = 0;
    targets.forEach((t, i) => {
      if (keyString(t) === keyString(nexts[i])) return;
      coll.replace(ids[i], nexts[i], ctx.txn);
      nModified++;
    });
    return { n: targets.length, nModified, before: targets[0], after: nexts[0] };
  }
  if (!st.upsert) return { n: 0, nModified: 0 };
  let doc: Doc;
  if (update.kind !== 'replacement') {
    doc = update.apply(seedFromQuery(st.q), { ...uctx, inserting: true });
  } else {
    const seed = seedFromQuery(st.q);
    doc = cloneValue(st.u as Doc);
    if (doc._id === undefined && seed._id !== undefined) doc = { _id: seed._id, ...doc };
  }
  doc = withId(doc);
  checkUpdatedSize(doc);
  const target = ctx.engine.ensureCollection(ctx.db, name);
  checkValidator(target, cmd, doc);
  target.insert(doc, ctx.txn);
  return { n: 1, nModified: 0, upsertedId: doc._id, after: doc };
}

const update: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'update');
  const updates = cmd.updates;
  if (!Array.isArray(updates)) throw failedToParse("'updates' must be an array");
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < updates.length; i++) {
    const st = updates[i] as Doc;
    try {
      const collation = collationFor(st.collation, ctx.engine.getCollection(ctx.db, name));
      if (!isPlainObject(st.q)) throw failedToParse("'q' must be an object");
      const r = await waitingForLocks(() =>
        withCollation(collation, () =>
          applyUpdateStatement(ctx, cmd, name, {
            q: st.q as Doc,
            u: st.u as UpdateSpec,
            upsert: Boolean(st.upsert),
            multi: Boolean(st.multi),
            arrayFilters: st.arrayFilters as Doc[] | undefined,
          }),
        ),
      );
      n += r.n;
      nModified += r.nModified;
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId });
    } catch (e) {
      if (e instanceof MongoError && e.labels.includes('TransientTransactionError')) failTransaction(ctx, e);
      writeErrors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  if (writeErrors.length && ctx.txn) ctx.engine.abort(ctx.txn);
  const reply: Doc = { n, nModified, ok: 1 };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return reply;
};

const del: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, 'delete');
  const deletes = cmd.deletes;
  if (!Array.isArray(deletes)) throw failedToParse("'deletes' must be an array");
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < deletes.length; i++) {
    const st = deletes[i] as Doc;
    try {
      const q = st.q as Doc;
      validateFilter(q);
      const collation = collationFor(st.collation, ctx.engine.getCollection(ctx.db, name));
      n += await waitingForLocks(() => {
        const coll = ctx.engine.getCollection(ctx.db, name);
        if (!coll) return 0;
        let targets = withCollation(collation, () => coll.find(q, ctx.txn));
        if (Number(st.limit) === 1) targets = targets.slice(0, 1);
        const ids = targets.map((t) => Collection.idKey(t._id));
        for (const id of ids) coll.checkWritable(id, ctx.txn);
        for (const id of ids) coll.remove(id, ctx.txn);
        return ids.length;
      });
    } catch (e) {
      if (e instanceof MongoError && e.labels.includes('TransientTransactionError')) failTransaction(ctx, e);
      writeErrors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  if (writeErrors.length && ctx.txn) ctx.engine.abort(ctx.txn);
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const findAndModify: CommandHandler = async (cmd, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]);
  const query = optionalDoc(cmd, 'query') ?? {};
  const sort = optionalDoc(cmd, 'sort');
  const fields = optionalDoc(cmd, 'fields');
  validateFilter(query);
  const collation = collationFor(cmd.collation, ctx.engine.getCollection(ctx.db, name));
  const shape = (d: Doc | undefined | null) =>
    d && fields && Object.keys(fields).length ? project(d, fields, query) : (d ?? null);
  try {
    if (cmd.remove === true) {
      if (cmd.update !== undefined) throw failedToParse('Cannot specify both an update and remove=true');
      return await waitingForLocks(() => {
        const coll = ctx.engine.getCollection(ctx.db, name);
        const [target] = withCollation(collation, () => runFind(coll, { filter: query, sort, limit: 1 }, ctx.txn));
        if (!coll || !target) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
        coll.remove(Collection.idKey(target._id), ctx.txn);
        return { lastErrorObject: { n: 1 }, value: shape(target), ok: 1 };
      });
    }
    if (cmd.update === undefined) throw failedToParse('Either an update or remove=true must be specified');
    return await waitingForLocks(() => {
      const r = withCollation(collation, () =>
        applyUpdateStatement(
          ctx,
          cmd,
          name,
          {
            q: query,
            u: cmd.update as UpdateSpec,
            upsert: Boolean(cmd.upsert),
            multi: false,
            arrayFilters: cmd.arrayFilters as Doc[] | undefined,
          },
          sort,
        ),
      );
      const lastErrorObject: Doc = { n: r.n, updatedExisting: r.n > 0 && r.upsertedId === undefined };
      if (r.upsertedId !== undefined) lastErrorObject.upserted = r.upsertedId;
      const value = r.upsertedId !== undefined ? (cmd.new ? r.after : null) : cmd.new ? r.after : r.before;
      return { lastErrorObject, value: shape(value), ok: 1 };
    });
  } catch (e) {
    if (ctx.txn) ctx.engine.abort(ctx.txn);
    throw e;
  }
};

const count: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'count');
  const query = optionalDoc(cmd, 'query') ?? {};
  validateFilter(query);
  const coll = ctx.engine.getCollection(ctx.db, name);
  checkHint(cmd, coll);
  if (!coll) return { n: 0, ok: 1 };
  const collation = collationFor(cmd.collation, coll);
  let n = Object.keys(query).length
    ? withCollation(collation, () => coll.find(query, ctx.txn).length)
    : ctx.txn
      ? coll.find({}, ctx.txn).length
      : visibleCount(coll);
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  const limit = optionalNumber(cmd, 'limit') ?? 0;
  n = Math.max(0, n - skip);
  if (limit) n = Math.min(n, Math.abs(limit));
  return { n, ok: 1 };
};

function visibleCount(coll: Collection): number {
  return coll.lockedCount ? coll.find({}).length : coll.count;
}

const distinct: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'distinct');
  const key = cmd.key;
  if (typeof key !== 'string') throw failedToParse("'key' must be a string");
  const query = optionalDoc(cmd, 'query') ?? {};
  validateFilter(query);
  const coll = ctx.engine.getCollection(ctx.db, name);
  const seen = new Map<string, unknown>();
  const found = coll ? withCollation(collationFor(cmd.collation, coll), () => coll.find(query, ctx.txn)) : [];
  for (const doc of found) {
    for (const v of valuesAtPath(doc, key)) {
      for (const x of Array.isArray(v) ? v : [v])
        if (x !== undefined && !seen.has(keyString(x))) seen.set(keyString(x), x);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

const aggregate: CommandHandler = (cmd, ctx) => {
  const target = cmd.aggregate;
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw failedToParse("'pipeline' must be an array");
  if (cmd.explain) throw badValue('explain is not supported by the embedded engine');
  const first = pipeline[0] as Doc | undefined;
  if (first && '$match' in first) validateFilter(first.$match);
  const coll = typeof target === 'string' ? ctx.engine.getCollection(ctx.db, target) : undefined;
  const hintOrder = checkHint(cmd, coll);
  const resolve = (n: string) => ctx.engine.getCollection(ctx.db, n)?.find({}, ctx.txn) ?? [];
  let docs: Doc[];
  try {
    const collation = collationFor(cmd.collation, coll);
    docs = withCollation(collation, () =>
      runAggregate(coll, pipeline as Doc[], resolve, ctx.txn, collation?.mingo, hintOrder),
    );
  } catch (e) {
    if (e instanceof MongoError) throw e;
    throw badValue(`aggregation failed: ${(e as Error).message}`);
  }
  const cursor = optionalDoc(cmd, 'cursor') ?? {};
  const ns = `${ctx.db}.${typeof target === 'string' ? target : '$cmd.aggregate'}`;
  return ctx.cursors.start(ns, docs, optionalNumber(cursor, 'batchSize'));
};

/**
 * `explain` for find/count/aggregate-with-leading-$match: which index the planner would use and how
 * many documents it would examine, so index use can be checked through any driver.
 */
const explain: CommandHandler = (cmd, ctx) => {
  const inner = cmd.explain as Doc;
  if (!isPlainObject(inner)) throw failedToParse("'explain' must be a command document");
  const verb = Object.keys(inner)[0];
  const name = collectionName(inner, verb);
  let filter: Doc = {};
  if (verb === 'find') filter = (inner.filter as Doc) ?? {};
  else if (verb === 'count') filter = (inner.query as Doc) ?? {};
  else if (verb === 'aggregate') {
    const first = (inner.pipeline as Doc[] | undefined)?.[0];
    filter = first && '$match' in first ? (first.$match as Doc) : {};
  } else throw badValue(`explain of ${verb} is not supported by the embedded engine`);
  validateFilter(filter);
  const coll = ctx.engine.getCollection(ctx.db, name);
  const plan = coll ? coll.explainPlan(filter) : { indexName: null, examined: 0 };
  const nReturned = coll ? coll.find(filter, ctx.txn).length : 0;
  const winningPlan = plan.indexName
    ? { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: plan.indexName } }
    : { stage: 'COLLSCAN' };
  return {
    queryPlanner: { namespace: `${ctx.db}.${name}`, winningPlan },
    executionStats: { nReturned, totalDocsExamined: plan.examined },
    ok: 1,
  };
};

export const crudCommands: Record<string, CommandHandler> = {
  insert,
  find,
  getMore,
  killCursors,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
  aggregate,
  explain,
};
