import { BSON, ObjectId } from 'bson';
import { Doc, isPlainObject } from '../bson-values';
import {
  badValue,
  commandNotFound,
  failedToParse,
  indexNotFound,
  invalidOptions,
  namespaceNotFound,
  MongoError,
} from '../errors';
import { matches, validateFilter } from '../filter';
import { parseCollation } from '../collation';
import { IndexSpec } from '../indexes';
import { collectionName, CommandContext, CommandHandler } from './context';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');
export const REPLICA_SET = 'rs0';

/** The handshake reply: a single-node replica set primary, so sessions, transactions and retryable writes work. */
export function helloReply(ctx: CommandContext, legacy: boolean): Doc {
  const me = ctx.connection.address;
  return {
    helloOk: true,
    ...(legacy ? { ismaster: true } : {}),
    isWritablePrimary: true,
    ismaster: true,
    setName: REPLICA_SET,
    setVersion: 1,
    hosts: [me],
    primary: me,
    me,
    electionId: ELECTION_ID,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const hello: CommandHandler = (_cmd, ctx) => helloReply(ctx, false);

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['embedded'],
  ok: 1,
});

const create: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'create');
  if (cmd.capped) throw invalidOptions('capped collections are not supported by the embedded engine');
  if (cmd.viewOn) throw invalidOptions('views are not supported by the embedded engine');
  if (cmd.timeseries !== undefined) checkTimeseries(cmd.timeseries);
  if (cmd.clusteredIndex) throw invalidOptions('clustered collections are not supported by the embedded engine');
  checkValidationOptions(cmd);
  const opts: Doc = {};
  for (const k of Object.keys(cmd)) {
    if (
      [
        'create',
        '$db',
        'lsid',
        'txnNumber',
        '$clusterTime',
        'writeConcern',
        'autocommit',
        'startTransaction',
        'comment',
      ].includes(k)
    )
      continue;
    opts[k] = cmd[k];
  }
  // A default collation is stored normalized, as mongod reports it; `simple` is no collation.
  if (opts.collation !== undefined) {
    const c = parseCollation(opts.collation);
    if (c) opts.collation = c.spec;
    else delete opts.collation;
  }
  ctx.engine.createCollection(ctx.db, name, opts, true);
  return { ok: 1 };
};

/**
 * Time-series collections are stored as ordinary collections (reads see the documents as inserted,
 * as mongod's time-series view shows them); listCollections reports `type: 'timeseries'`, inserts
 * need a date in `timeField`, and a collection `expireAfterSeconds` expires by it.
 */
function checkTimeseries(ts: unknown): void {
  if (!isPlainObject(ts)) throw new MongoError(14, 'TypeMismatch', "'timeseries' must be an object");
  if (typeof ts.timeField !== 'string' || !ts.timeField)
    throw new MongoError(40414, 'Location40414', "BSON field 'timeseries.timeField' is missing but a required field");
  for (const k of Object.keys(ts)) {
    if (!['timeField', 'metaField', 'granularity', 'bucketMaxSpanSeconds', 'bucketRoundingSeconds'].includes(k))
      throw new MongoError(40415, 'Location40415', `BSON field 'timeseries.${k}' is an unknown field.`);
  }
}

/** A validator is a query expression (compiled now: `$jsonSchema` is refused); level and action as mongod spells them. */
function checkValidationOptions(cmd: Doc): void {
  if (cmd.validator !== undefined) {
    if (!isPlainObject(cmd.validator)) throw new MongoError(14, 'TypeMismatch', "'validator' must be an object");
    validateFilter(cmd.validator);
  }
  if (cmd.validationLevel !== undefined && !['off', 'strict', 'moderate'].includes(cmd.validationLevel as string))
    throw badValue(
      `Enumeration value '${String(cmd.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  if (cmd.validationAction !== undefined && !['error', 'warn'].includes(cmd.validationAction as string))
    throw badValue(
      `Enumeration value '${String(cmd.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
}

/**
 * collMod: `validator`, `validationLevel`, `validationAction`, and `index: {keyPattern | name,
 * expireAfterSeconds?, hidden?}`. Other options are refused rather than ignored.
 */
const collMod: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collMod');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns does not exist: ${ctx.db}.${name}`);
  const SKIP = ['collMod', '$db', 'lsid', 'txnNumber', '$clusterTime', 'writeConcern', 'comment', 'index'];
  const opts: Doc = { ...coll.options };
  for (const k of Object.keys(cmd)) {
    if (SKIP.includes(k) || k.startsWith('$') || k === 'maxTimeMS') continue;
    if (!['validator', 'validationLevel', 'validationAction'].includes(k))
      throw invalidOptions(`collMod option '${k}' is not supported by the embedded engine`);
    opts[k] = cmd[k];
  }
  checkValidationOptions(cmd);
  const reply: Doc = { ok: 1 };
  let spec: IndexSpec | undefined;
  if (cmd.index !== undefined) {
    const ix = cmd.index as Doc;
    if (!isPlainObject(ix)) throw new MongoError(14, 'TypeMismatch', "'index' must be an object");
    const index =
      typeof ix.name === 'string'
        ? coll.indexes.get(ix.name)
        : isPlainObject(ix.keyPattern)
          ? coll.findIndexByKey(ix.keyPattern)
          : undefined;
    if (!index) throw indexNotFound(`cannot find index ${JSON.stringify(ix.name ?? ix.keyPattern)} for ns ${coll.ns}`);
    spec = { ...index.spec };
    if (ix.expireAfterSeconds !== undefined) {
      if (index.spec.expireAfterSeconds === undefined) throw invalidOptions('no expireAfterSeconds field to update');
      reply.expireAfterSeconds_old = index.spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = ix.expireAfterSeconds;
      spec.expireAfterSeconds = Number(ix.expireAfterSeconds);
    }
    if (ix.hidden !== undefined) {
      if (index.spec.name === '_id_') throw badValue("can't hide _id index");
      reply.hidden_old = Boolean(index.spec.hidden);
      reply.hidden_new = Boolean(ix.hidden);
      spec.hidden = Boolean(ix.hidden);
    }
  }
  ctx.engine.modifyCollection(coll, opts, spec);
  return reply;
};

/** setParameter: only `ttlMonitorSleepSecs` (the TTL sweep interval); other parameters are refused. */
const setParameter: CommandHandler = (cmd, ctx) => {
  const reply: Doc = { ok: 1 };
  for (const k of Object.keys(cmd)) {
    if (k === 'setParameter' || k.startsWith('$') || k === 'lsid' || k === 'comment') continue;
    if (k !== 'ttlMonitorSleepSecs')
      throw invalidOptions(`setParameter '${k}' is not supported by the embedded engine`);
    const secs = Number(cmd[k]);
    if (!(secs > 0)) throw badValue('ttlMonitorSleepSecs must be a positive number');
    reply.was = ctx.engine.options.ttlIntervalMs / 1000;
    ctx.engine.setTtlInterval(secs * 1000);
  }
  return reply;
};

const drop: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'drop');
  const coll = ctx.engine.getCollection(ctx.db, name);
  const nIndexesWas = coll?.indexes.size ?? 0;
  if (!ctx.engine.dropCollection(ctx.db, name)) throw namespaceNotFound('ns not found');
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.engine.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

const listCollections: CommandHandler = (cmd, ctx) => {
  const filter = (cmd.filter ?? {}) as Doc;
  validateFilter(filter);
  const nameOnly = cmd.nameOnly === true;
  // The filter is evaluated over the full entries (as mongod does), then shaped.
  const docs = ctx.engine
    .collections(ctx.db)
    .map((c) => ({
      name: c.name,
      type: c.options.timeseries ? 'timeseries' : 'collection',
      options: c.options,
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    }))
    .filter((entry) => matches(entry, filter))
    .map((entry) => (nameOnly ? { name: entry.name, type: entry.type } : entry));
  return ctx.cursors.start(`${ctx.db}.$cmd.listCollections`, docs, undefined);
};

const listDatabases: CommandHandler = (cmd, ctx) => {
  const databases = ctx.engine.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  return cmd.nameOnly
    ? { databases: databases.map((d) => ({ name: d.name })), ok: 1 }
    : { databases, totalSize: 0, ok: 1 };
};

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  const specs = cmd.indexes;
  if (!Array.isArray(specs) || !specs.length) throw failedToParse("'indexes' must be a non-empty array");
  const existed = ctx.engine.getCollection(ctx.db, name);
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const before = coll.indexes.size;
  for (const spec of specs) {
    if (!isPlainObject(spec) || !isPlainObject(spec.key)) throw failedToParse('index specification must have a key');
    const s = { ...spec } as IndexSpec;
    // An index takes the collection's default collation unless it names its own (`simple`: none).
    const collation = parseCollation(spec.collation ?? coll.options.collation);
    if (collation) s.collation = collation.spec;
    else delete s.collation;
    if (!s.name)
      s.name = Object.entries(s.key)
        .map(([k, v]) => `${k}_${String(v)}`)
        .join('_');
    ctx.engine.createIndex(coll, s);
  }
  return {
    createdCollectionAutomatically: !existed,
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    ok: 1,
  };
};

const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns does not exist: ${ctx.db}.${name}`);
  const docs = [...coll.indexes.values()].map((i) => ({ ...i.spec, v: i.spec.v ?? 2 }));
  return ctx.cursors.start(`${ctx.db}.${name}`, docs, undefined);
};

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0]);
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size;
  const which = cmd.index;
  const names: string[] = [];
  if (which === '*') names.push(...[...coll.indexes.keys()].filter((n) => n !== '_id_'));
  else if (typeof which === 'string') names.push(which);
  else if (Array.isArray(which)) names.push(...(which as string[]));
  else if (isPlainObject(which)) {
    const idx = coll.findIndexByKey(which);
    if (!idx) throw new MongoError(27, 'IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    names.push(idx.spec.name);
  } else throw failedToParse("'index' must be a string, array or document");
  for (const n of names) ctx.engine.dropIndex(coll, n);
  return { nIndexesWas, ok: 1 };
};

const collStats: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collStats');
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) throw namespaceNotFound(`Collection [${ctx.db}.${name}] not found.`);
  let size = 0;
  for (const d of coll.docs.values()) size += BSON.calculateObjectSize(d);
  return {
    ns: coll.ns,
    count: coll.count,
    size,
    avgObjSize: coll.count ? Math.round(size / coll.count) : 0,
    storageSize: size,
    nindexes: coll.indexes.size,
    indexSizes: Object.fromEntries([...coll.indexes.keys()].map((k) => [k, 0])),
    totalIndexSize: 0,
    ok: 1,
  };
};

const dbStats: CommandHandler = (_cmd, ctx) => {
  const colls = ctx.engine.collections(ctx.db);
  let objects = 0;
  let indexes = 0;
  for (const c of colls) {
    objects += c.count;
    indexes += c.indexes.size;
  }
  return { db: ctx.db, collections: colls.length, views: 0, objects, indexes, dataSize: 0, storageSize: 0, ok: 1 };
};

const endSessions: CommandHandler = (cmd, ctx) => {
  const ids = (cmd.endSessions as Doc[]) ?? [];
  ctx.engine.transactions.endSessions(ids.map((s) => sessionKey(s)));
  return { ok: 1 };
};

/** A stable string for a logical session id `{ id: UUID }`. */
export function sessionKey(lsid: Doc): string {
  const id = lsid?.id as { toString(enc?: string): string; buffer?: Uint8Array } | undefined;
  if (!id) return 'none';
  return id.buffer ? Buffer.from(id.buffer).toString('hex') : String(id);
}

const commitTransaction: CommandHandler = async (cmd, ctx) => {
  const session = sessionKey(cmd.lsid as Doc);
  const txnNumber = String(cmd.txnNumber);
  // A retried commit of a committed transaction succeeds again, as on mongod.
  if (ctx.engine.transactions.find(session, txnNumber)?.state === 'committed') return { ok: 1 };
  await ctx.engine.commit(ctx.engine.transactions.active(session, txnNumber));
  return { ok: 1 };
};

const abortTransaction: CommandHandler = (cmd, ctx) => {
  const txn = ctx.engine.transactions.active(sessionKey(cmd.lsid as Doc), String(cmd.txnNumber));
  ctx.engine.abort(txn);
  return { ok: 1 };
};

const simple =
  (reply: Doc): CommandHandler =>
  () => ({ ...reply, ok: 1 });

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: (_c, ctx) => helloReply(ctx, true),
  ismaster: (_c, ctx) => helloReply(ctx, true),
  ping: simple({}),
  buildInfo,
  buildinfo: buildInfo,
  hostInfo: simple({ system: { hostname: 'embedded' } }),
  getParameter: simple({ featureCompatibilityVersion: { version: '7.0' } }),
  getCmdLineOpts: simple({ argv: [], parsed: {} }),
  whatsmyuri: (_c, ctx) => ({ you: ctx.connection.address, ok: 1 }),
  connectionStatus: simple({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  serverStatus: (_c, ctx) => ({
    host: ctx.connection.address,
    version: SERVER_VERSION,
    process: 'embedded-mongo',
    uptime: process.uptime(),
    ok: 1,
  }),
  getLog: simple({ totalLinesWritten: 0, log: [] }),
  create,
  collMod,
  setParameter,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collStats,
  dbStats,
  endSessions,
  refreshSessions: simple({}),
  killAllSessions: simple({}),
  commitTransaction,
  abortTransaction,
};

export function unknownCommand(name: string): never {
  throw commandNotFound(name);
}
