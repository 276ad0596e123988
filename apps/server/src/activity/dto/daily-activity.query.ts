import { ApiProperty } from '@nestjs/swagger';
import type { DailyActivityQuery } from '@quanzi/contract';
import { Matches } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class DailyActivityQueryDto implements DailyActivityQuery {
  @ApiProperty({ example: '2026-11-01', description: 'first day, Asia/Shanghai' })
  @Matches(DAY, { message: 'from 应为 YYYY-MM-DD 格式的日期' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'last day (inclusive), Asia/Shanghai' })
  @Matches(DAY, { message: 'to 应为 YYYY-MM-DD 格式的日期' })
  to!: string;
}
