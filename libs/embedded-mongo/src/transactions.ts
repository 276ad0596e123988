import { ChangeOp, Txn } from './collection';
import { Doc } from './bson-values';
import { noSuchTransaction } from './errors';

/** What the server remembers about one logical session (`lsid`). */
interface SessionState {
  /** Transactions by txnNumber; ended ones are kept a while so a retried commit is answered. */
  readonly txns: Map<string, Txn>;
  /** The reply to the session's last retryable write: a retry with the same txnNumber gets it again. */
  lastWrite?: { txnNumber: string; reply: Doc };
  lastUsed: number;
}

const ENDED_TRANSACTION_KEPT_MS = 10 * 60_000;
/** mongod's logicalSessionTimeoutMinutes (30), as advertised in `hello`. */
const SESSION_IDLE_MS = 30 * 60_000;

/**
 * Sessions, their transactions and their retryable-write replies. Transactions write through with
 * row locks in the collections (see Collection); this tracks which are open, stamps versions for
 * write-conflict checks while any is, and ends them.
 */
export class TransactionManager {
  private readonly sessions = new Map<string, SessionState>();
  private version = 0;
  private open = 0;

  /** `onIdle` runs when the last open transaction ends: version stamps can be forgotten then. */
  constructor(private readonly onIdle: () => void) {}

  nextVersion(): number {
    return ++this.version;
  }

  /** Whether any transaction is open: only then must writes be stamped for conflict checks. */
  get tracking(): boolean {
    return this.open > 0;
  }

  private session(key: string): SessionState {
    let s = this.sessions.get(key);
    if (!s) this.sessions.set(key, (s = { txns: new Map(), lastUsed: Date.now() }));
    s.lastUsed = Date.now();
    return s;
  }

  start(session: string, txnNumber: string): Txn {
    const s = this.session(session);
    // A session runs one transaction at a time: a new txnNumber ends whatever it left open.
    for (const old of s.txns.values()) if (old.state === 'active') this.abort(old);
    const txn: Txn = {
      key: `${session}:${txnNumber}`,
      startVersion: this.version,
      touched: new Map(),
      state: 'active',
      lastUsed: Date.now(),
      waiters: [],
    };
    s.txns.set(txnNumber, txn);
    this.open++;
    return txn;
  }

  /** The live transaction, or NoSuchTransaction (labelled transient, so drivers retry). */
  active(session: string, txnNumber: string): Txn {
    const txn = this.find(session, txnNumber);
    if (!txn || txn.state !== 'active') {
      throw noSuchTransaction(`Transaction ${session}:${txnNumber} has been aborted or does not exist.`);
    }
    txn.lastUsed = Date.now();
    return txn;
  }

  find(session: string, txnNumber: string): Txn | undefined {
    return this.sessions.get(session)?.txns.get(txnNumber);
  }

  /** Ends `txn` keeping its writes; returns them for the journal. */
  commit(txn: Txn): ChangeOp[] {
    const ops: ChangeOp[] = [];
    for (const coll of txn.touched.keys()) ops.push(...coll.release(txn, true));
    this.ended(txn, 'committed');
    return ops;
  }

  abort(txn: Txn): void {
    if (txn.state !== 'active') return;
    for (const coll of txn.touched.keys()) coll.release(txn, false);
    this.ended(txn, 'aborted');
  }

  /** Aborts every open transaction (clean shutdown). */
  abortAll(): void {
    for (const s of this.sessions.values()) for (const txn of s.txns.values()) this.abort(txn);
  }

  private ended(txn: Txn, state: 'committed' | 'aborted'): void {
    txn.state = state;
    if (--this.open === 0) this.onIdle();
    for (const wake of txn.waiters.splice(0)) wake();
  }

  /** The remembered reply when this is a retry of the session's last retryable write. */
  retriedWrite(session: string, txnNumber: string): Doc | undefined {
    const last = this.sessions.get(session)?.lastWrite;
    return last && last.txnNumber === txnNumber ? last.reply : undefined;
  }

  rememberWrite(session: string, txnNumber: string, reply: Doc): void {
    this.session(session).lastWrite = { txnNumber, reply };
  }

  /** `endSessions`: aborts their transactions and forgets everything about them. */
  endSessions(keys: string[]): void {
    for (const key of keys) {
      const s = this.sessions.get(key);
      if (!s) continue;
      for (const txn of s.txns.values()) this.abort(txn);
      this.sessions.delete(key);
    }
  }

  /** Aborts transactions idle past `lifetimeMs`; forgets ended transactions and idle sessions. */
  expire(now: number, lifetimeMs: number): void {
    for (const [key, s] of this.sessions) {
      for (const [n, txn] of s.txns) {
        if (txn.state === 'active' && now - txn.lastUsed > lifetimeMs) this.abort(txn);
        if (txn.state !== 'active' && now - txn.lastUsed > ENDED_TRANSACTION_KEPT_MS) s.txns.delete(n);
      }
      if (!s.txns.size && now - s.lastUsed > SESSION_IDLE_MS) this.sessions.delete(key);
    }
  }
}
