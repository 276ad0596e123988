import { Aggregator } from 'mingo';
import { badValue, MongoError } from './errors';
import { cloneValue, compareValues, Doc, isPlainObject, toNumber } from './bson-values';
import { Collection, Txn } from './collection';
import { Filter, matches, valuesAtPath } from './filter';
import { getPath, positionalIndex } from './update';

/** Sort, skip/limit and projection for find, findAndModify and the first stage of aggregations. */

export interface FindSpec {
  filter?: Filter;
  sort?: Doc;
  skip?: number;
  limit?: number;
  projection?: Doc;
}

export function runFind(coll: Collection | undefined, spec: FindSpec, txn?: Txn): Doc[] {
  if (!coll) return [];
  const skip = spec.skip ?? 0;
  const limit = spec.limit ? Math.abs(spec.limit) : 0;
  const sorted = Boolean(spec.sort && Object.keys(spec.sort).length);
  // Without a sort the scan can stop as soon as the page is full.
  let docs = coll.find(spec.filter ?? {}, txn, !sorted && limit ? skip + limit : Infinity);
  if (sorted) docs = sortDocs(docs, spec.sort!);
  if (skip || limit) docs = docs.slice(skip, limit ? skip + limit : undefined);
  return spec.projection && Object.keys(spec.projection).length
    ? docs.map((d) => project(d, spec.projection!, spec.filter))
    : docs;
}

function sortKey(doc: Doc, path: string, dir: number): unknown {
  const values = valuesAtPath(doc, path);
  let best: unknown = undefined;
  let first = true;
  for (const v of values) {
    const items = Array.isArray(v) ? (v.length ? v : [undefined]) : [v];
    for (const it of items) {
      if (first || compareValues(it, best) * dir < 0) best = it;
      first = false;
    }
  }
  return best;
}

export function sortDocs(docs: Doc[], sort: Doc): Doc[] {
  const keys = Object.keys(sort);
  if (keys.length === 1 && keys[0] === '$natural') return toNumber(sort.$natural) < 0 ? [...docs].reverse() : docs;
  const dirs = keys.map((k) => {
    const v = sort[k];
    if (isPlainObject(v)) throw badValue('$meta sort is not supported by the embedded engine');
    const n = toNumber(v);
    if (n !== 1 && n !== -1) throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    return n;
  });
  const decorated = docs.map((d) => ({ d, k: keys.map((k, i) => sortKey(d, k, dirs[i])) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(a.k[i], b.k[i]) * dirs[i];
      if (c) return c;
    }
    return 0;
  });
  return decorated.map((x) => x.d);
}

/**
 * Find-style projection: inclusion or exclusion of (dotted) paths, `'arr.$'` (the first element the
 * query matched), `$slice` and `$elemMatch`; expressions go to mingo.
 */
export function project(doc: Doc, projection: Doc, query: Filter = {}): Doc {
  const positional = Object.keys(projection).filter((k) => k.endsWith('.$'));
  if (positional.length) {
    if (positional.length > 1) throw badValue('Cannot specify more than one positional proj. per query.');
    const key = positional[0];
    const path = key.slice(0, -2);
    const rest: Doc = {};
    for (const k of Object.keys(projection)) rest[k === key ? path : k] = projection[k];
    const out = project(doc, rest, query);
    const arr = getPath(doc, path);
    if (Array.isArray(arr)) {
      const i = positionalIndex(arr, path, query);
      if (i < 0) {
        throw badValue(
          'Executor error during find command :: caused by :: positional operator (' +
            key +
            ') requires corresponding field in query specifier',
        );
      }
      setTop(out, path, [cloneValue(arr[i])]);
    }
    return out;
  }
  const keys = Object.keys(projection);
  const special = keys.filter((k) => isPlainObject(projection[k]));
  const plain = keys.filter((k) => !isPlainObject(projection[k]));
  if (special.some((k) => !('$slice' in (projection[k] as Doc)) && !('$elemMatch' in (projection[k] as Doc)))) {
    const [out] = new Aggregator([{ $project: projection }], { processingMode: 1 }).run([cloneValue(doc)]) as Doc[];
    return out;
  }
  const flags = plain.filter((k) => k !== '_id').map((k) => truthy(projection[k]));
  // `{_id: 1}` alone is an inclusion projection: only `_id` comes back.
  const inclusion = flags.length
    ? flags[0]
    : special.some((k) => '$elemMatch' in (projection[k] as Doc)) ||
      (!special.length && '_id' in projection && truthy(projection._id));
  if (flags.some((f) => f !== inclusion)) throw badValue('Cannot do exclusion on field in inclusion projection');
  let out: Doc;
  if (inclusion) {
    out = {};
    if (!('_id' in projection) || truthy(projection._id)) if (doc._id !== undefined) out._id = doc._id;
    for (const k of plain) if (k !== '_id' && truthy(projection[k])) includePath(doc, out, k.split('.'));
  } else {
    out = cloneValue(doc);
    for (const k of plain) if (!truthy(projection[k])) excludePath(out, k.split('.'));
  }
  for (const k of special) {
    const spec = projection[k] as Doc;
    const arr = getPath(doc, k);
    if (!Array.isArray(arr)) continue;
    if ('$slice' in spec) {
      const s = spec.$slice;
      let sliced: unknown[];
      if (Array.isArray(s)) {
        const skip = toNumber(s[0]);
        const from = skip < 0 ? Math.max(0, arr.length + skip) : skip;
        sliced = arr.slice(from, from + toNumber(s[1]));
      } else {
        const n = toNumber(s);
        sliced = n >= 0 ? arr.slice(0, n) : arr.slice(n);
      }
      if (inclusion) includePath(doc, out, k.split('.'));
      setTop(out, k, cloneValue(sliced));
    } else {
      // Elements may be documents or plain values: `{$elemMatch: {$gt: 4}}` projects `[5]` from `[1, 5, 9]`.
      const test = { el: { $elemMatch: spec.$elemMatch } };
      const hit = arr.find((el) => matches({ el: [el] }, test));
      if (hit !== undefined) setTop(out, k, [cloneValue(hit)]);
    }
  }
  return out;
}

function truthy(v: unknown): boolean {
  return typeof v === 'boolean' ? v : toNumber(v) !== 0;
}

function includePath(src: unknown, dst: Doc, parts: string[]): void {
  if (!isPlainObject(src)) return;
  const [head, ...rest] = parts;
  if (!(head in src)) return;
  const v = src[head];
  if (!rest.length) {
    dst[head] = cloneValue(v);
    return;
  }
  if (Array.isArray(v)) {
    const prev = Array.isArray(dst[head]) ? (dst[head] as Doc[]) : [];
    const arr = v.filter(isPlainObject).map((el, i) => {
      const target = prev[i] ?? {};
      includePath(el, target, rest);
      return target;
    });
    dst[head] = arr;
  } else if (isPlainObject(v)) {
    const target = isPlainObject(dst[head]) ? (dst[head] as Doc) : {};
    includePath(v, target, rest);
    dst[head] = target;
  }
}

function excludePath(doc: unknown, parts: string[]): void {
  if (Array.isArray(doc)) {
    for (const el of doc) excludePath(el, parts);
    return;
  }
  if (!isPlainObject(doc)) return;
  const [head, ...rest] = parts;
  if (!rest.length) delete doc[head];
  else excludePath(doc[head], rest);
}

function setTop(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/** MongoDB's aggregation stage names: any other name is refused as mongod does (40324). */
const STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$collStats',
  '$count',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$search',
  '$searchMeta',
  '$set',
  '$setWindowFields',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$currentOp',
  '$listLocalSessions',
  '$vectorSearch',
]);

const NON_MUTATING = new Set(['$match', '$sort', '$limit', '$skip', '$group', '$count', '$sortByCount']);

/** Runs a pipeline: the leading `$match` uses the indexes and our matcher, the rest runs in mingo. */
export function runAggregate(
  coll: Collection | undefined,
  pipeline: Doc[],
  resolve: (name: string) => Doc[],
  txn?: Txn,
  collation?: Doc,
  inputOrder?: Doc,
): Doc[] {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      const message = 'A pipeline stage specification object must contain exactly one field.';
      throw new MongoError(40323, 'Location40323', message);
    }
    const name = Object.keys(stage)[0];
    if (!STAGES.has(name)) throw new MongoError(40324, 'Location40324', `Unrecognized pipeline stage name: '${name}'`);
    if (name === '$out' || name === '$merge') throw badValue(`${name} is not supported by the embedded engine`);
    if (name === '$search' || name === '$geoNear' || name === '$changeStream')
      throw badValue(`${name} is not supported by the embedded engine`);
  }
  let stages = pipeline;
  let input: Doc[];
  if (stages.length && '$match' in stages[0]) {
    input = coll ? coll.find(stages[0].$match as Filter, txn) : [];
    stages = stages.slice(1);
  } else {
    input = coll ? coll.find({}, txn) : [];
  }
  // A hinted index feeds the pipeline in its key order.
  if (inputOrder) input = sortDocs(input, inputOrder);
  if (!stages.length) return input;
  const safe = stages.every((s) => NON_MUTATING.has(Object.keys(s)[0]));
  const agg = new Aggregator(stages, {
    processingMode: safe ? 0 : 1,
    ...(collation ? { collation: collation as { locale: string } } : {}),
    collectionResolver: (name: string) => resolve(name).map((d) => cloneValue(d)),
  });
  return agg.run(input) as Doc[];
}
