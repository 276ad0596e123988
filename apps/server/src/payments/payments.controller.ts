import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrderView } from '@quanzi/contract';
import type { Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleRole, CurrentActor } from '../auth/auth.decorators';
import { ObjectIdPipe } from '../common/object-id';
import { RefundOrderDto } from './dto/refund-order.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('orders/:id')
  get(@CurrentActor() actor: Actor, @Param('id', new ObjectIdPipe('订单')) id: Types.ObjectId): Promise<OrderView> {
    return this.payments.get(actor, id);
  }

  @Get('registrations/:id/order')
  ofRegistration(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('门票')) id: Types.ObjectId,
  ): Promise<OrderView> {
    return this.payments.ofRegistration(actor, id);
  }

  @CircleRole('admin', { via: 'order' })
  @Post('orders/:id/refund')
  @HttpCode(200)
  refund(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('订单')) id: Types.ObjectId,
    @Body() dto: RefundOrderDto,
  ): Promise<OrderView> {
    return this.payments.refund(actor, id, dto);
  }

  @Post('payments/dev/:orderId/confirm')
  @HttpCode(200)
  devConfirm(
    @CurrentActor() actor: Actor,
    @Param('orderId', new ObjectIdPipe('订单')) id: Types.ObjectId,
  ): Promise<OrderView> {
    return this.payments.devConfirm(actor, id);
  }

  @Post('payments/dev/:orderId/cancel')
  @HttpCode(200)
  devCancel(
    @CurrentActor() actor: Actor,
    @Param('orderId', new ObjectIdPipe('订单')) id: Types.ObjectId,
  ): Promise<OrderView> {
    return this.payments.devCancel(actor, id);
  }
}
