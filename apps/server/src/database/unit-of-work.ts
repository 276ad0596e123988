import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ClientSession, Connection } from 'mongoose';

type Effect = () => unknown;

// Effects queued by the current attempt of each transaction the unit of work opened. An attempt
// the driver retries starts with a fresh list, so effects of a rolled-back attempt never run.
const pending = new WeakMap<ClientSession, Effect[]>();

/**
 * The one way to open a transaction. `run` retries transient errors (through mongoose's
 * `connection.transaction`, i.e. the driver's `withTransaction`), then runs the effects queued
 * with `afterCommit` — typically domain events — and awaits them before it returns, so a
 * response never goes out before its listeners ran and nothing runs for a rollback.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async run<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    let used: ClientSession | undefined;
    const result = await this.connection.transaction(async (session) => {
      used = session;
      pending.set(session, []);
      return work(session);
    });
    const effects = used ? (pending.get(used) ?? []) : [];
    if (used) pending.delete(used);
    for (const effect of effects) {
      try {
        await effect();
      } catch (err) {
        // The writes are committed: a failing listener must not turn them into an error response.
        this.logger.error(`post-commit effect failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
    return result;
  }
}

/**
 * Runs `effect` once the unit of work that opened `session` commits; without a session, now.
 * A session that holds a transaction not opened by the unit of work is a programming error.
 */
export async function afterCommit(session: ClientSession | null | undefined, effect: Effect): Promise<void> {
  if (!session) {
    await effect();
    return;
  }
  const list = pending.get(session);
  if (!list) throw new Error('afterCommit: this session was not opened by UnitOfWork.run');
  list.push(effect);
}
