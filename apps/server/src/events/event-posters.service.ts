import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode } from '@quanzi/contract';
import { Model, Types } from 'mongoose';
import { SHANGHAI_OFFSET_MS } from '../common/china-time';
import { DomainError, notFound } from '../common/domain-error';
import { InvitesService } from '../invites/invites.service';
import { PosterService } from '../posters/poster.service';
import { TicketType, type EventRecord, type TicketTypeRecord } from './events.schema';
import { EventsService } from './events.service';

const WEEKDAYS = '日一二三四五六';
const pad = (n: number) => String(n).padStart(2, '0');

/** 「6月1日 周日 14:00」 in China time. */
export function posterTime(at: Date): string {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 「免费」 when every ticket is free, else the lowest price: 「¥39 起」 (「免费起」 with a free one). */
export function posterPrice(pricesFen: number[]): string {
  if (pricesFen.every((p) => p === 0)) return '免费';
  const min = Math.min(...pricesFen);
  return min === 0 ? '免费起' : `¥${(min / 100).toFixed(min % 100 === 0 ? 0 : 2)} 起`;
}

/** An event's poster for a sharer: the event's public fields and the sharer's invite code. */
@Injectable()
export class EventPostersService {
  constructor(
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    private readonly events: EventsService,
    private readonly invites: InvitesService,
    private readonly posters: PosterService,
  ) {}

  /**
   * NOT_FOUND for a draft or unknown event; the code must be an open invite of the event's
   * circle (NOT_FOUND / CLOSED otherwise, like the invite's landing), so a poster always credits someone real.
   */
  async render(eventId: Types.ObjectId, code: string, appId: string | null = null): Promise<Buffer> {
    const event: EventRecord = await this.events.find(eventId.toHexString());
    if (event.status === 'draft') throw notFound('活动');
    const landing = await this.invites.landing(code);
    if (landing.circle.id !== event.circleId.toHexString())
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '邀请码不属于这个活动的圈子', [
        { field: 'code', message: '邀请码不属于这个活动的圈子' },
      ]);
    const types = await this.types.find({ eventId: event._id }, { priceFen: 1 }).lean<TicketTypeRecord[]>();
    return this.posters.renderEvent(
      {
        eventId: event._id.toHexString(),
        title: event.title,
        timeText: posterTime(event.startAt),
        placeText: event.mode === 'online' ? '线上活动' : (event.location ?? '待定'),
        priceText: posterPrice(types.map((t) => t.priceFen)),
        coverUrl: event.coverUrl ?? null,
        sharerNickname: landing.inviter?.nickname ?? null,
        sharerAvatarUrl: landing.inviter?.avatarUrl ?? null,
        inviteCode: landing.code,
      },
      appId,
    );
  }
}
