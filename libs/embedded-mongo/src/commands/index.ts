import { Doc } from '../bson-values';
import { Engine } from '../engine';
import { MongoError, operationNotSupportedInTransaction } from '../errors';
import { adminCommands, sessionKey, unknownCommand } from './admin';
import { CommandContext, CursorRegistry } from './context';
import { crudCommands } from './crud';

const HANDLERS = { ...adminCommands, ...crudCommands };
const BY_LOWER = new Map(Object.entries(HANDLERS).map(([k, v]) => [k.toLowerCase(), v]));
const RETRYABLE = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
const NOT_IN_TRANSACTION = new Set([
  'count',
  'listCollections',
  'listIndexes',
  'drop',
  'dropDatabase',
  'dropIndexes',
  'listDatabases',
]);

export interface Connection {
  id: number;
  address: string;
  cursors: CursorRegistry;
  /** Bytes of the request being run (one at a time per connection): no document in it can be larger. */
  messageBytes?: number;
}

/** Runs one command document and returns the reply document (errors become `ok: 0` replies). */
export async function runCommand(engine: Engine, cmd: Doc, conn: Connection): Promise<Doc> {
  const name = Object.keys(cmd)[0];
  const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
  const ctx: CommandContext = { engine, db, cursors: conn.cursors, connection: conn };
  try {
    const handler =
      HANDLERS[name as keyof typeof HANDLERS] ?? BY_LOWER.get(name?.toLowerCase()) ?? unknownCommand(name);
    const lsid = cmd.lsid as Doc | undefined;
    if (cmd.autocommit === false && name !== 'commitTransaction' && name !== 'abortTransaction') {
      const session = sessionKey(lsid as Doc);
      const txnNumber = String(cmd.txnNumber);
      ctx.txn =
        cmd.startTransaction === true
          ? engine.transactions.start(session, txnNumber)
          : engine.transactions.active(session, txnNumber);
      if (NOT_IN_TRANSACTION.has(name)) {
        engine.abort(ctx.txn);
        throw operationNotSupportedInTransaction(`Cannot run '${name}' in a multi-document transaction.`);
      }
      return await handler(cmd, ctx);
    }
    if (lsid && cmd.txnNumber !== undefined && RETRYABLE.has(name)) {
      // A retryable write retried with the same txnNumber gets the first reply, not a second write.
      const session = sessionKey(lsid);
      const txnNumber = String(cmd.txnNumber);
      const earlier = engine.transactions.retriedWrite(session, txnNumber);
      if (earlier) return earlier;
      const reply = await handler(cmd, ctx);
      await engine.commitPending();
      engine.transactions.rememberWrite(session, txnNumber, reply);
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
