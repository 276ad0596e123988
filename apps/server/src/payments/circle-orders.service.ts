import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  OrderStatusLabels,
  type CircleOrderView,
  type OrderListQuery,
  type Page,
  type RevenueView,
} from '@quanzi/contract';
import { Model, trusted, type Types } from 'mongoose';
import { shanghaiDay, shanghaiMinute } from '../common/china-time';
import { toCsv } from '../common/csv';
import { oid } from '../common/object-id';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import { Order, type OrderRecord } from './orders.schema';
import { toOrderView } from './orders.views';
import { yuan } from '../common/money';

const EXPORT_BATCH = 500;

/** The circle admin's view of its orders: list, CSV, revenue (route guard: admin). */
@Injectable()
export class CircleOrdersService {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly users: UsersService,
  ) {}

  async list(circleId: string, query: OrderListQuery): Promise<Page<CircleOrderView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.orders
      .find({
        circleId: oid(circleId),
        ...(query.status ? { status: query.status } : {}),
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<OrderRecord[]>();
    const items = rows.slice(0, limit);
    const payers = await this.users.summaries([...new Set(items.map((o) => o.userId.toHexString()))]);
    return {
      items: items.map((o) => ({
        ...toOrderView(o),
        payer: { nickname: payers.get(o.userId.toHexString())?.nickname ?? '' },
      })),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Every order of the circle, oldest first, amounts in 元 (UTF-8 with BOM, formula-safe). */
  async csv(circleId: string): Promise<string> {
    const rows: string[][] = [
      ['订单号', '付款人', '内容', '金额(元)', '已退(元)', '状态', '下单时间', '支付时间', '支付方式'],
    ];
    let after: Types.ObjectId | null = null;
    for (;;) {
      const batch: OrderRecord[] = await this.orders
        .find({ circleId: oid(circleId), ...(after ? { _id: trusted({ $gt: after }) } : {}) })
        .sort({ _id: 1 })
        .limit(EXPORT_BATCH)
        .lean<OrderRecord[]>();
      if (batch.length === 0) break;
      const payers = await this.users.summaries([...new Set(batch.map((o) => o.userId.toHexString()))]);
      for (const o of batch)
        rows.push([
          o.outTradeNo,
          payers.get(o.userId.toHexString())?.nickname ?? '',
          o.description,
          yuan(o.amountFen),
          yuan(o.refundedFen),
          OrderStatusLabels[o.status],
          shanghaiMinute(o.createdAt),
          shanghaiMinute(o.paidAt),
          o.provider === 'wechat' ? '微信支付' : '模拟支付',
        ]);
      after = batch[batch.length - 1]._id;
      if (batch.length < EXPORT_BATCH) break;
    }
    return toCsv(rows, { quoteAll: true });
  }

  /** Paid orders by the day they were paid and by ticket type, with what was refunded of them. */
  async revenue(circleId: string): Promise<RevenueView> {
    const paid = await this.orders
      .find(
        { circleId: oid(circleId), paidAt: trusted({ $ne: null }) },
        { paidAt: 1, amountFen: 1, refundedFen: 1, ticketTypeId: 1, description: 1 },
      )
      .lean<OrderRecord[]>();
    const byDay = new Map<string, RevenueView['byDay'][number]>();
    const byType = new Map<string, RevenueView['byTicketType'][number]>();
    for (const o of paid) {
      const day = shanghaiDay(o.paidAt!);
      const d = byDay.get(day) ?? { day, paidFen: 0, refundedFen: 0, orders: 0 };
      const key = o.ticketTypeId?.toHexString() ?? '';
      const t = byType.get(key) ?? {
        ticketTypeId: o.ticketTypeId?.toHexString() ?? null,
        description: o.description,
        paidFen: 0,
        refundedFen: 0,
        orders: 0,
      };
      for (const acc of [d, t]) {
        acc.paidFen += o.amountFen;
        acc.refundedFen += o.refundedFen;
        acc.orders += 1;
      }
      byDay.set(day, d);
      byType.set(key, t);
    }
    return {
      byDay: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
      byTicketType: [...byType.values()].sort((a, b) => b.paidFen - a.paidFen),
    };
  }
}
