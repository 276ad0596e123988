import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  type CheckinResponse,
  type CheckinSyncResponse,
  type EventRoster,
  type EventStatsView,
  type MyTicketView,
  type Page,
  type PaymentStartView,
  type RegistrationView,
} from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle, SignedDownload } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { PageQueryDto } from '../common/pagination';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { AttendeesService } from './attendees.service';
import { CheckinService } from './checkin.service';
import {
  CheckinDto,
  CheckinSyncDto,
  CreateRegistrationDto,
  IDEMPOTENCY_KEY,
  RegistrationListQueryDto,
} from './dto/registration.dto';
import { DoorService } from './door.service';
import { RegistrationsService } from './registrations.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

const idempotencyKey = (raw: string | undefined): string | undefined => {
  if (raw === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(raw)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Idempotency-Key 无效', [
      { field: 'Idempotency-Key', message: '应为 1–100 个可打印 ASCII 字符' },
    ]);
  }
  return raw;
};

@ApiTags('events')
@ApiBearerAuth()
@Controller()
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly attendees: AttendeesService,
    private readonly checkins: CheckinService,
    private readonly door: DoorService,
  ) {}

  /** Door mode: admins or the event's checkers (checked by the service). */
  @CircleRole('member', { via: 'event' })
  @Get('events/:id/roster')
  roster(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
  ): Promise<EventRoster> {
    return this.door.roster(actor, id, circle.role);
  }

  /** Door mode: queued offline scans; admins or the event's checkers (checked by the service). */
  @CircleRole('member', { via: 'event' })
  @Post('events/:id/checkins/sync')
  @HttpCode(200)
  syncCheckins(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
    @Body() dto: CheckinSyncDto,
  ): Promise<CheckinSyncResponse> {
    return this.door.sync(actor, id, dto.scans, circle.role);
  }

  /** Members, and signed-in non-members who join as the circle's policy allows (checked by the service). */
  @RateLimit('signup')
  @Post('events/:id/registrations')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retried signup with the same key returns the same registration',
  })
  register(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
    @Body() dto: CreateRegistrationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RegistrationView> {
    return this.registrations.register(actor, id.toHexString(), dto, idempotencyKey(key));
  }

  @CircleRole('admin', { via: 'event' })
  @Get('events/:id/registrations')
  list(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: RegistrationListQueryDto,
  ): Promise<Page<RegistrationView>> {
    return this.attendees.list(actor, id, query);
  }

  @CircleRole('admin', { via: 'event' })
  @SignedDownload()
  @Get('events/:id/registrations.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="attendees.csv"')
  csv(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<string> {
    return this.attendees.csv(actor, id);
  }

  @CircleRole('admin', { via: 'event' })
  @Get('events/:id/stats')
  stats(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<EventStatsView> {
    return this.checkins.stats(actor, id);
  }

  /** Admins or the event's checkers (checked by the service). */
  @CircleRole('member', { via: 'event' })
  @Post('events/:id/checkins')
  @HttpCode(200)
  checkIn(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
    @Body() dto: CheckinDto,
  ): Promise<CheckinResponse> {
    return this.checkins.checkIn(actor, id, dto.ticketCode, circle.role);
  }

  @Get('me/tickets')
  mine(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<MyTicketView>> {
    return this.registrations.mine(actor, query);
  }

  /** The holder or an admin (checked by the service). */
  @Get('registrations/:id')
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('门票')) id: Types.ObjectId,
  ): Promise<RegistrationView> {
    return this.registrations.get(actor, id);
  }

  /** The holder or an admin (checked by the service). */
  @Post('registrations/:id/cancel')
  @HttpCode(200)
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('门票')) id: Types.ObjectId,
  ): Promise<RegistrationView> {
    return this.registrations.cancel(actor, id);
  }

  @CircleRole('admin', { via: 'registration' })
  @Post('registrations/:id/approve')
  @HttpCode(200)
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('门票')) id: Types.ObjectId,
  ): Promise<RegistrationView> {
    return this.registrations.approve(actor, id);
  }

  @CircleRole('admin', { via: 'registration' })
  @Post('registrations/:id/reject')
  @HttpCode(200)
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('门票')) id: Types.ObjectId,
  ): Promise<RegistrationView> {
    return this.registrations.reject(actor, id);
  }

  /** The holder (checked by the service). */
  @Post('registrations/:id/pay')
  @HttpCode(200)
  pay(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('门票')) id: Types.ObjectId,
  ): Promise<PaymentStartView> {
    return this.registrations.pay(actor, id);
  }
}
