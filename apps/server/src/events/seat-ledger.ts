import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type RegistrationStatus } from '@quanzi/contract';
import { ClientSession, Model, trusted, Types } from 'mongoose';
import { DomainError } from '../common/domain-error';
import { KeyedLock } from '../common/keyed-lock';
import {
  Registration,
  TicketHolding,
  TicketType,
  type EventRecord,
  type RegistrationRecord,
  type TicketTypeRecord,
} from './events.schema';
import { UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';

const DUPLICATE_KEY = 11000;

/** A signup to write: everything but the status, which the ledger decides. */
export type NewRegistration = Omit<
  Registration,
  'status' | 'holdExpiresAt' | 'checkedInAt' | 'checkedInBy' | 'cancelledAt'
>;

/** Thrown inside the signup transaction when the idempotency key was used already (the transaction is undone). */
export class DuplicateSignup extends Error {}

/** A registration that gave up its seat and, if any, the waitlisted one that received it. */
export interface Release {
  released: RegistrationRecord;
  promoted: RegistrationRecord | null;
}

/**
 * The only code that changes `sold` and the per-person holdings. Every change is one
 * transaction: the seat (`sold < quota` in the filter, `$inc`), the holding (`count < limit`)
 * and the registration move together, so a crash never leaves a seat without its registration.
 */
@Injectable()
export class SeatLedger {
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    @InjectModel(TicketHolding.name) private readonly holdings: Model<TicketHolding>,
    @InjectModel(Registration.name) private readonly registrations: Model<Registration>,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes a seat (status `seatStatus`) or, when sold out and the event keeps a waitlist, a
   * waitlist place. Refuses at the per-person limit (ALREADY_DONE) and when sold out (SOLD_OUT).
   */
  async take(
    event: EventRecord,
    type: TicketTypeRecord,
    reg: NewRegistration,
    seatStatus: RegistrationStatus,
    holdMs: number,
  ): Promise<RegistrationRecord> {
    await this.prepare(type._id, reg.userId);
    return this.lock.run(type._id.toHexString(), () =>
      this.uow.run((session) => this.takeWithin(session, event, type, reg, seatStatus, holdMs)),
    );
  }

  /**
   * The holding row must exist before the transaction so the limit check there is a plain
   * conditional update (two concurrent first signups would otherwise race on the insert).
   * Callers of `takeWithin` run this before they open their transaction.
   */
  async prepare(ticketTypeId: Types.ObjectId, userId: Types.ObjectId): Promise<void> {
    await this.holdings
      .updateOne({ ticketTypeId, userId }, { $setOnInsert: { count: 0 } }, { upsert: true })
      .catch((error: { code?: unknown }) => {
        if (error.code !== DUPLICATE_KEY) throw error;
      });
  }

  /**
   * `take` inside the caller's transaction (an outsider's join and signup), after `prepare`. A
   * concurrent seat write is then a write conflict, and the unit of work retries the whole thing.
   */
  async takeWithin(
    session: ClientSession,
    event: EventRecord,
    type: TicketTypeRecord,
    reg: NewRegistration,
    seatStatus: RegistrationStatus,
    holdMs: number,
  ): Promise<RegistrationRecord> {
    const seat = await this.types.updateOne(
      { _id: type._id, $expr: trusted({ $lt: ['$sold', '$quota'] }) },
      { $inc: { sold: 1 } },
      { session },
    );
    const gotSeat = seat.modifiedCount === 1;
    if (!gotSeat && !event.waitlist) throw new DomainError(ErrorCode.SOLD_OUT, '票已售罄');
    const held = await this.holdings.updateOne(
      { ticketTypeId: type._id, userId: reg.userId, count: trusted({ $lt: type.perUserLimit }) },
      { $inc: { count: 1 } },
      { session },
    );
    if (held.modifiedCount !== 1) throw new DomainError(ErrorCode.ALREADY_DONE, `每人最多报名 ${type.perUserLimit} 张`);
    const status: RegistrationStatus = gotSeat ? seatStatus : 'waitlisted';
    const holdExpiresAt = status === 'pending_payment' ? new Date(this.clock.nowMs() + holdMs) : null;
    try {
      const [created] = await this.registrations.create([{ ...reg, status, holdExpiresAt }], { session });
      return created.toObject() as unknown as RegistrationRecord;
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) throw new DuplicateSignup();
      throw error;
    }
  }

  /**
   * Moves a registration matching `filter` to `status` (cancelled, rejected, expired) and frees
   * what it held: a seat goes to the waitlist head if there is one (else `sold` drops), and the
   * per-person holding drops. Null when the registration no longer matches (changed first elsewhere).
   */
  async release(
    ticketTypeId: string,
    filter: Record<string, unknown>,
    status: 'cancelled' | 'rejected' | 'expired',
    promoteAs: (promoted: RegistrationRecord) => { status: RegistrationStatus; holdExpiresAt: Date | null },
  ): Promise<Release | null> {
    return this.lock.run(ticketTypeId, () =>
      this.uow.run(async (session) => {
        const before = await this.registrations
          .findOneAndUpdate(
            filter,
            { $set: { status, cancelledAt: this.clock.now(), holdExpiresAt: null } },
            { session, returnDocument: 'before' },
          )
          .lean<RegistrationRecord>();
        if (!before) return null;
        const released = { ...before, status, holdExpiresAt: null } as RegistrationRecord;
        await this.holdings.updateOne(
          { ticketTypeId: before.ticketTypeId, userId: before.userId },
          { $inc: { count: -1 } },
          { session },
        );
        if (before.status === 'waitlisted') return { released, promoted: null };
        const promoted = await this.promoteHead(before.ticketTypeId, promoteAs, session);
        if (!promoted) await this.types.updateOne({ _id: before.ticketTypeId }, { $inc: { sold: -1 } }, { session });
        return { released, promoted };
      }),
    );
  }

  /** The oldest waitlisted registration of the type takes the freed seat (same transaction). */
  private async promoteHead(
    ticketTypeId: Types.ObjectId,
    promoteAs: (promoted: RegistrationRecord) => { status: RegistrationStatus; holdExpiresAt: Date | null },
    session: ClientSession,
  ): Promise<RegistrationRecord | null> {
    const head = await this.registrations
      .findOne({ ticketTypeId, status: 'waitlisted' })
      .sort({ _id: 1 })
      .session(session)
      .lean<RegistrationRecord>();
    if (!head) return null;
    const next = promoteAs(head);
    return this.registrations
      .findOneAndUpdate({ _id: head._id, status: 'waitlisted' }, { $set: next }, { session, returnDocument: 'after' })
      .lean<RegistrationRecord>();
  }
}
