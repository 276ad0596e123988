import { Collection, Db, MongoClient, MongoServerError } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { freshDbName, startClient } from './helpers';

/**
 * Malformed filters and updates are refused with mongod's code and message whatever the documents:
 * on an empty collection, and where an earlier condition already fails for every document (which
 * used to short-circuit before the malformed part was ever read).
 */

let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;
let empty: Collection;
let full: Collection;

beforeAll(async () => {
  ({ mongo, client } = await startClient());
  db = client.db(freshDbName('parse'));
  empty = db.collection('empty');
  full = db.collection('full');
  await full.insertMany([
    { _id: 1 as never, a: 2, s: 'text', arr: [1, 2], n: 5 },
    { _id: 2 as never, a: 3, s: 'x', arr: [], n: 6 },
  ]);
});
afterAll(async () => {
  await client.close();
  await mongo.stop();
});

const CODE_NAMES: Record<number, string> = {
  2: 'BadValue',
  9: 'FailedToParse',
  14: 'TypeMismatch',
  40: 'ConflictingUpdateOperators',
  56: 'EmptyFieldName',
  51108: 'Location51108',
};

async function serverError(p: Promise<unknown>): Promise<{ code: number; codeName: string; errmsg: string }> {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as MongoServerError | undefined;
  if (!e) throw new Error('expected a server error, the operation succeeded');
  // Write errors carry no codeName on the wire (as on mongod): derive it from the code table.
  return {
    code: e.code as number,
    codeName: e.codeName ?? CODE_NAMES[e.code as number],
    errmsg: e.errmsg ?? e.message,
  };
}

// [filter condition on `b`, code, codeName, message]
const badFilters: [string, Record<string, unknown>, number, string, string | RegExp][] = [
  ['unknown field operator', { b: { $foo: 1 } }, 2, 'BadValue', 'unknown operator: $foo'],
  ['operator object with a plain key', { b: { $gt: 1, c: 2 } }, 2, 'BadValue', 'unknown operator: c'],
  ['unknown top level operator', { $foo: 1 }, 2, 'BadValue', /^unknown top level operator: \$foo\./],
  ['$in with a non-array', { b: { $in: 5 } }, 2, 'BadValue', '$in needs an array'],
  ['$nin with a non-array', { b: { $nin: 'x' } }, 2, 'BadValue', '$nin needs an array'],
  ['$in holding an operator', { b: { $in: [{ $gt: 1 }] } }, 2, 'BadValue', 'cannot nest $ under $in'],
  ['$regex with a number', { b: { $regex: 5 } }, 2, 'BadValue', '$regex has to be a string'],
  ['$options without $regex', { b: { $options: 'i' } }, 2, 'BadValue', '$options needs a $regex'],
  [
    'an unknown regex option',
    { b: { $regex: 'x', $options: 'q' } },
    51108,
    'Location51108',
    'invalid flag in regex options: q',
  ],
  ['$size with a string', { b: { $size: 'two' } }, 2, 'BadValue', '$size needs a number'],
  ['$size negative', { b: { $size: -1 } }, 2, 'BadValue', '$size may not be negative'],
  ['$size fractional', { b: { $size: 1.5 } }, 2, 'BadValue', '$size must be a whole number'],
  ['$elemMatch with a non-object', { b: { $elemMatch: 3 } }, 2, 'BadValue', '$elemMatch needs an Object'],
  ['$all with a non-array', { b: { $all: 3 } }, 2, 'BadValue', '$all needs an array'],
  ['$and with a non-array', { $and: { b: 1 } }, 2, 'BadValue', '$and must be an array'],
  ['$or empty', { $or: [] }, 2, 'BadValue', '$and/$or/$nor must be a nonempty array'],
  ['$nor with a non-object entry', { $nor: [1] }, 2, 'BadValue', '$or/$and/$nor entries need to be full objects'],
  ['a malformed branch inside $or', { $or: [{ b: 1 }, { b: { $in: 1 } }] }, 2, 'BadValue', '$in needs an array'],
  ['$type with an unknown alias', { b: { $type: 'float' } }, 2, 'BadValue', 'Unknown type name alias: float'],
  ['$type with an unknown number', { b: { $type: 42 } }, 2, 'BadValue', 'Invalid numerical type code: 42'],
  [
    '$type naming a prototype key',
    { b: { $type: 'constructor' } },
    2,
    'BadValue',
    'Unknown type name alias: constructor',
  ],
  ['$not with a number', { b: { $not: 5 } }, 2, 'BadValue', '$not needs a regex or a document'],
  ['$not empty', { b: { $not: {} } }, 2, 'BadValue', '$not cannot be empty'],
  ['$not with a bad operator inside', { b: { $not: { $size: 'x' } } }, 2, 'BadValue', '$size needs a number'],
  ['$mod with one element', { b: { $mod: [4] } }, 2, 'BadValue', 'malformed mod, not enough elements'],
  ['$ne with a regex', { b: { $ne: /x/ } }, 2, 'BadValue', "Can't have regex as arg to $ne."],
];

describe('malformed filters', () => {
  it.each(badFilters)(
    'refuses %s on an empty collection and behind a failing condition',
    async (_name, cond, code, codeName, msg) => {
      for (const c of [empty, full]) {
        // `a: 1` matches no document in either collection: the malformed part must still be read.
        for (const p of [
          c.find({ a: 1, ...cond }).toArray(),
          c.countDocuments({ a: 1, ...cond }),
          c.deleteMany({ a: 1, ...cond }),
        ]) {
          const e = await serverError(p);
          expect({ code: e.code, codeName: e.codeName }).toEqual({ code, codeName });
          if (typeof msg === 'string') expect(e.errmsg).toBe(msg);
          else expect(e.errmsg).toMatch(msg);
        }
      }
      expect(await full.countDocuments()).toBe(2);
    },
  );

  it('still accepts any value for $exists and matches as before', async () => {
    expect(await full.countDocuments({ s: { $exists: 'yes' } })).toBe(2);
    expect(await full.countDocuments({ missing: { $exists: 0 } })).toBe(2);
    expect(await full.countDocuments({ s: { $regex: '^TE', $options: 'i' } })).toBe(1);
    expect(await full.countDocuments({ $or: [{ a: 2 }, { a: 3 }], arr: { $size: 0 } })).toBe(1);
  });
});

// [update, code, codeName, message]
const badUpdates: [string, Record<string, unknown>, number, string, string][] = [
  [
    'an unknown update operator',
    { $foo: { a: 1 } },
    9,
    'FailedToParse',
    'Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array',
  ],
  [
    'an operator given a non-object',
    { $set: 5 },
    9,
    'FailedToParse',
    'Modifiers operate on fields but we found type int instead. For example: {$mod: {<field>: ...}} not {$set: 5}',
  ],
  [
    'two operators on one path',
    { $set: { a: 1 }, $inc: { a: 1 } },
    40,
    'ConflictingUpdateOperators',
    "Updating the path 'a' would create a conflict at 'a'",
  ],
  [
    'a path and its parent',
    { $set: { 'a.b': 1, a: 2 } },
    40,
    'ConflictingUpdateOperators',
    "Updating the path 'a' would create a conflict at 'a.b'",
  ],
  [
    '$inc with a non-number',
    { $inc: { n: 'x' } },
    14,
    'TypeMismatch',
    'Cannot increment with non-numeric argument: {n: "x"}',
  ],
  [
    '$mul with a non-number',
    { $mul: { n: true } },
    14,
    'TypeMismatch',
    'Cannot multiply with non-numeric argument: {n: true}',
  ],
  [
    '$rename to a non-string',
    { $rename: { a: 1 } },
    2,
    'BadValue',
    "The 'to' field for $rename must be a string: a: 1",
  ],
  [
    '$rename onto itself',
    { $rename: { a: 'a' } },
    2,
    'BadValue',
    'The source and target field for $rename must differ: a: "a"',
  ],
  ['$pop with 2', { $pop: { arr: 2 } }, 9, 'FailedToParse', '$pop expects 1 or -1, found: 2'],
  [
    '$pullAll with a non-array',
    { $pullAll: { arr: 1 } },
    2,
    'BadValue',
    '$pullAll requires an array argument but was given a int',
  ],
  [
    '$push with an unknown clause',
    { $push: { arr: { $each: [1], $foo: 1 } } },
    2,
    'BadValue',
    'Unrecognized clause in $push: $foo',
  ],
  [
    '$push with a non-array $each',
    { $push: { arr: { $each: 1 } } },
    2,
    'BadValue',
    'The argument to $each in $push must be an array but it was of type: int',
  ],
  [
    '$currentDate with a string',
    { $currentDate: { d: 'now' } },
    2,
    'BadValue',
    'd is not valid type for $currentDate. ' +
      "Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).",
  ],
  ['an empty path', { $set: { '': 1 } }, 56, 'EmptyFieldName', 'An empty update path is not valid.'],
];

describe('malformed updates', () => {
  it.each(badUpdates)('refuses %s whether or not a document matches', async (_name, update, code, codeName, msg) => {
    for (const [c, q] of [
      [empty, {}],
      [full, { _id: 1 }],
      [full, { a: 99 }],
    ] as [Collection, Record<string, unknown>][]) {
      for (const p of [c.updateOne(q, update), c.updateMany(q, update), c.findOneAndUpdate(q, update)]) {
        const e = await serverError(p);
        expect({ code: e.code, codeName: e.codeName, errmsg: e.errmsg }).toEqual({ code, codeName, errmsg: msg });
      }
    }
    expect(await full.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: 2, s: 'text', arr: [1, 2], n: 5 });
  });

  it('refuses $inc on a stored non-number (14), $push onto a non-array (2) only when a document is hit', async () => {
    const c = db.collection('apply');
    await c.insertOne({ _id: 1 as never, s: 'text' });
    expect((await serverError(c.updateOne({ _id: 1 as never }, { $inc: { s: 1 } }))).code).toBe(14);
    expect((await serverError(c.updateOne({ _id: 1 as never }, { $push: { s: 1 } } as never))).errmsg).toBe(
      "The field 's' must be an array but is of type string in document {_id: 1}",
    );
    expect((await serverError(c.updateOne({ _id: 1 as never }, { $pull: { s: 1 } } as never))).code).toBe(2);
    await c.updateOne({ _id: 2 as never }, { $inc: { s: 1 } });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, s: 'text' });
  });
});

describe('field names that are Object.prototype keys', () => {
  it('are ordinary fields for $set, $inc, $push and $rename', async () => {
    const c = db.collection('proto');
    await c.insertOne({ _id: 1 as never });
    await c.updateOne({ _id: 1 as never }, { $inc: { constructor: 2, toString: 1 } } as never);
    await c.updateOne({ _id: 1 as never }, { $push: { hasOwnProperty: 'x', valueOf: 'y' } } as never);
    const set = { ['__proto__']: { polluted: true }, 'nested.constructor': 5 };
    await c.updateOne({ _id: 1 as never }, { $set: set } as never);
    await c.updateOne({ _id: 1 as never }, { $rename: { toString: 'renamed' } } as never);
    const doc = (await c.findOne({ _id: 1 as never })) as Record<string, unknown>;
    const fields = ['__proto__', '_id', 'constructor', 'hasOwnProperty', 'nested', 'renamed', 'valueOf'];
    expect(Object.keys(doc).sort()).toEqual(fields);
    expect(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value).toEqual({ polluted: true });
    expect(doc.constructor).toBe(2);
    expect(doc.renamed).toBe(1);
    expect(doc.hasOwnProperty).toEqual(['x']);
    expect(doc.nested).toEqual({ constructor: 5 });
    expect(await c.countDocuments({ constructor: 2, 'nested.constructor': 5 })).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('fidelity', () => {
  it('$pull with $or / $and removes the matching subdocuments', async () => {
    const c = db.collection('pull');
    const items = [
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
      { k: 'c', n: 3 },
      { k: 'a', n: 4 },
    ];
    await c.insertOne({ _id: 1 as never, items });
    await c.updateOne({ _id: 1 as never }, { $pull: { items: { $or: [{ k: 'b' }, { n: 3 }] } } } as never);
    expect((await c.findOne({ _id: 1 as never }))!.items).toEqual([
      { k: 'a', n: 1 },
      { k: 'a', n: 4 },
    ]);
    await c.updateOne({ _id: 1 as never }, { $pull: { items: { $and: [{ k: 'a' }, { n: { $gt: 2 } }] } } } as never);
    expect((await c.findOne({ _id: 1 as never }))!.items).toEqual([{ k: 'a', n: 1 }]);
  });

  it('refuses an unknown pipeline stage with 40324', async () => {
    const e = await serverError(full.aggregate([{ $match: {} }, { $frobnicate: {} }]).toArray());
    const errmsg = "Unrecognized pipeline stage name: '$frobnicate'";
    expect(e).toEqual({ code: 40324, codeName: 'Location40324', errmsg });
  });

  it('refuses a hint naming no index, and follows one that exists', async () => {
    const c = db.collection('hinted');
    await c.createIndex({ a: 1 });
    await c.insertOne({ a: 1 });
    for (const hint of ['nope_1', { nope: 1 }]) {
      const e = await serverError(c.find({ a: 1 }, { hint }).toArray());
      expect(e.code).toBe(2);
      expect(e.errmsg).toMatch(/hint provided does not correspond to an existing index$/);
      expect((await serverError(c.countDocuments({ a: 1 }, { hint }))).code).toBe(2);
    }
    expect(await c.find({ a: 1 }, { hint: { a: 1 } }).toArray()).toHaveLength(1);
    expect(await c.find({ a: 1 }, { hint: 'a_1' }).toArray()).toHaveLength(1);
    expect(await db.collection('absent').find({}, { hint: 'nope_1' }).toArray()).toEqual([]);
  });
});
