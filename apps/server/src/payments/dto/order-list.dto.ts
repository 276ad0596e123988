import { ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, type OrderListQuery, type OrderStatus } from '@quanzi/contract';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';

export class OrderListQueryDto extends PageQueryDto implements OrderListQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}
