import { Long } from 'bson';
import { Doc, isPlainObject } from '../bson-values';
import { Txn } from '../collection';
import { Engine } from '../engine';
import { badValue, cursorNotFound, failedToParse } from '../errors';

/** What a command handler gets: the engine, the database, its transaction, and the cursor registry. */
export interface CommandContext {
  engine: Engine;
  db: string;
  txn?: Txn;
  cursors: CursorRegistry;
  connection: { id: number; address: string; messageBytes?: number };
}

export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Promise<Doc> | Doc;

interface OpenCursor {
  ns: string;
  docs: Doc[];
  pos: number;
  lastUsed: number;
}

const CURSOR_IDLE_MS = 10 * 60_000;

/** Server-side cursors for results larger than one batch (ids are int64, as the driver requires). */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private seq = 1;

  /** The first batch, and a cursor id for the rest (0 when everything fit). */
  start(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Doc {
    const first = batchSize === undefined ? 101 : batchSize;
    const take = first > 0 ? Math.min(first, docs.length) : docs.length;
    const firstBatch = docs.slice(0, take);
    let id = Long.ZERO;
    if (take < docs.length && !singleBatch) {
      this.reap();
      id = Long.fromNumber(this.seq++ * 7919 + Math.floor(Math.random() * 7919));
      this.open.set(id.toString(), { ns, docs, pos: take, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch, id, ns }, ok: 1 };
  }

  next(id: Long, ns: string, batchSize: number | undefined): Doc {
    const key = id.toString();
    const cur = this.open.get(key);
    if (!cur || cur.ns !== ns) throw cursorNotFound(key);
    const n = batchSize && batchSize > 0 ? batchSize : cur.docs.length;
    const nextBatch = cur.docs.slice(cur.pos, cur.pos + n);
    cur.pos += nextBatch.length;
    cur.lastUsed = Date.now();
    const done = cur.pos >= cur.docs.length;
    if (done) this.open.delete(key);
    return { cursor: { nextBatch, id: done ? Long.ZERO : id, ns }, ok: 1 };
  }

  kill(ids: Long[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toString()) ? killed : notFound).push(id);
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  private reap(): void {
    const now = Date.now();
    for (const [k, c] of this.open) if (now - c.lastUsed > CURSOR_IDLE_MS) this.open.delete(k);
  }
}

export function collectionName(cmd: Doc, field: string): string {
  const name = cmd[field];
  if (typeof name !== 'string' || !name) throw badValue(`collection name has invalid type ${typeof name}`);
  return name;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw failedToParse(`'${field}' must be an object`);
  return v;
}

export function optionalNumber(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number((v as { toString(): string }).toString());
  if (!Number.isFinite(n)) throw failedToParse(`'${field}' must be a number`);
  return n;
}
