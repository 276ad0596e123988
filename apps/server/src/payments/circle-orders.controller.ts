import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CircleOrderView, Page, RevenueView } from '@quanzi/contract';
import { CircleRole } from '../auth/auth.decorators';
import { CircleOrdersService } from './circle-orders.service';
import { OrderListQueryDto } from './dto/order-list.dto';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('circles/:id')
export class CircleOrdersController {
  constructor(private readonly orders: CircleOrdersService) {}

  @CircleRole('admin')
  @Get('orders')
  list(@Param('id') id: string, @Query() query: OrderListQueryDto): Promise<Page<CircleOrderView>> {
    return this.orders.list(id, query);
  }

  @CircleRole('admin')
  @Get('orders.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="orders.csv"')
  csv(@Param('id') id: string): Promise<string> {
    return this.orders.csv(id);
  }

  @CircleRole('admin')
  @Get('orders/revenue')
  revenue(@Param('id') id: string): Promise<RevenueView> {
    return this.orders.revenue(id);
  }
}
