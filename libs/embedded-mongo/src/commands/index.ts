import { Doc } from '../bson-values';
import { Engine } from '../engine';
import { MongoError, operationNotSupportedInTransaction } from '../errors';
import { adminCommands, sessionKey, unknownCommand } from './admin';
import { CommandContext, CursorRegistry } from './context';
import { crudCommands } from './crud';

const HANDLERS = { ...adminCommands, ...crudCommands };
const BY_LOWER = new Map(Object.entries(HANDLERS).map(([k, v]) => [k.toLowerCase(), v]));
const RETRYABLE = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
const NOT_IN_TRANSACTION = new Set(['count', 'listCollections', 'listIndexes', 'drop', 'dropDatabase', 'dropIndexes', 'listDatabases']);

/** Remembers the last reply per session for retryable writes, so a retried write is not applied twice. */
const retryCache = new WeakMap<Engine, Map<string, { txnNumber: string; reply: Doc }>>();

export interface Connection {
  id: number;
  address: string;
  cursors: CursorRegistry;
}

/** Runs one command document and returns the reply document (errors become `ok: 0` replies). */
export async function runCommand(engine: Engine, cmd: Doc, conn: Connection): Promise<Doc> {
  const name = Object.keys(cmd)[0];
  const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
  const ctx: CommandContext = { engine, db, cursors: conn.cursors, connection: conn };
  try {
    const handler = HANDLERS[name as keyof typeof HANDLERS] ?? BY_LOWER.get(name?.toLowerCase()) ?? unknownCommand(name);
    const lsid = cmd.lsid as Doc | undefined;
    if (cmd.autocommit === false && name !== 'commitTransaction' && name !== 'abortTransaction') {
      const key = `${sessionKey(lsid as Doc)}:${String(cmd.txnNumber)}`;
      if (cmd.startTransaction === true) {
        ctx.txn = engine.startTransaction(key);
      } else {
        ctx.txn = engine.activeTransaction(key);
      }
      if (NOT_IN_TRANSACTION.has(name)) {
        engine.abort(ctx.txn);
        throw operationNotSupportedInTransaction(`Cannot run '${name}' in a multi-document transaction.`);
      }
      return await handler(cmd, ctx);
    }
    if (lsid && cmd.txnNumber !== undefined && RETRYABLE.has(name)) {
      let cache = retryCache.get(engine);
      if (!cache) retryCache.set(engine, (cache = new Map()));
      const sk = sessionKey(lsid);
      const txnNumber = String(cmd.txnNumber);
      const hit = cache.get(sk);
      if (hit && hit.txnNumber === txnNumber) return hit.reply;
      const reply = await handler(cmd, ctx);
      await engine.commitPending();
      cache.set(sk, { txnNumber, reply });
      return reply;
    }
    const reply = await handler(cmd, ctx);
    await engine.commitPending();
    return reply;
  } catch (e) {
    await engine.commitPending();
    if (e instanceof MongoError) return e.toReply();
    return { ok: 0, errmsg: `internal error: ${(e as Error).message}`, code: 1, codeName: 'InternalError' };
  }
}
