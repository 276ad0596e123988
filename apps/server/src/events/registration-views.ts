import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RegistrationView } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { oid } from '../common/object-id';
import { TicketType, type RegistrationRecord, type TicketTypeRecord } from './events.schema';
import { toRegistrationView } from './events.views';
import { TicketCodes } from './ticket-code';

/** Registration views with their ticket type names and e-ticket codes, for any batch of rows. */
@Injectable()
export class RegistrationViews {
  constructor(
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    private readonly codes: TicketCodes,
  ) {}

  async views(rows: RegistrationRecord[]): Promise<RegistrationView[]> {
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.ticketTypeId.toHexString()))].map((id) => oid(id));
    const types = await this.types.find({ _id: trusted({ $in: ids }) }, { name: 1 }).lean<TicketTypeRecord[]>();
    const names = new Map(types.map((t) => [t._id.toHexString(), t.name]));
    return rows.map((r) =>
      toRegistrationView(
        r,
        names.get(r.ticketTypeId.toHexString()) ?? '',
        this.codes.issue(r._id.toHexString(), r.eventId.toHexString()),
      ),
    );
  }

  async view(row: RegistrationRecord): Promise<RegistrationView> {
    return (await this.views([row]))[0];
  }
}
