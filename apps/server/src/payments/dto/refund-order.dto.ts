import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RefundOrderRequest } from '@quanzi/contract';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

export class RefundOrderDto implements RefundOrderRequest {
  @ApiPropertyOptional({ description: '退款金额（分），默认全部未退金额' })
  @IsOptional()
  @IsInt({ message: '退款金额应为整数（分）' })
  @Min(1, { message: '退款金额至少 1 分' })
  amountFen?: number;

  @ApiProperty({ description: '退款原因' })
  @IsString({ message: '请填写退款原因' })
  @Length(1, 80, { message: '退款原因应为 1–80 个字' })
  reason!: string;
}
