import type { ClientSession, Connection } from 'mongoose';

type Work = () => Promise<void>;
/** The driver's current Transaction (typed internal by the driver, stable across its versions). */
const transactionOf = (session: ClientSession) => (session as unknown as { transaction: { state: string } }).transaction;
// Not the driver's `isCommitted`, which is also true after an abort.
const COMMITTED = new Set(['TRANSACTION_COMMITTED', 'TRANSACTION_COMMITTED_EMPTY']);

// Keyed by the driver's Transaction object: a retried transaction gets a new one, so work
// queued by an aborted attempt is dropped with it.
const queued = new WeakMap<object, Work[]>();
const flushes = new WeakMap<ClientSession, Promise<void>>();
const watched = new WeakSet<ClientSession>();

/**
 * Runs `work` (typically publishing a domain event) once the session's transaction commits, so
 * listeners never hear of writes that were rolled back. Without a transaction it runs now.
 */
export async function afterCommit(session: ClientSession | null | undefined, work: Work): Promise<void> {
  if (!session || !session.inTransaction()) return work();
  const txn = transactionOf(session);
  const list = queued.get(txn) ?? [];
  list.push(work);
  queued.set(txn, list);
  if (!watched.has(session)) {
    watched.add(session);
    // Transactions opened with plain `connection.transaction()` flush when the session ends.
    session.once('ended', () => void flushAfterCommit(session));
  }
}

/** Runs the committed transaction's queued work once, however many callers ask. */
export function flushAfterCommit(session: ClientSession): Promise<void> {
  let flush = flushes.get(session);
  if (!flush) {
    const txn = transactionOf(session);
    const list = queued.get(txn) ?? [];
    queued.delete(txn);
    flush = COMMITTED.has(txn.state) ? list.reduce((p, work) => p.then(work), Promise.resolve()) : Promise.resolve();
    flushes.set(session, flush);
  }
  return flush;
}

/** `connection.transaction(fn)` that also waits for the work queued with afterCommit. */
export async function runTransaction<T>(connection: Connection, fn: (session: ClientSession) => Promise<T>): Promise<T> {
  let used: ClientSession | null = null;
  const result = await connection.transaction(async (session) => {
    used = session;
    return fn(session);
  });
  if (used) await flushAfterCommit(used);
  return result;
}
