import { ApiProperty } from '@nestjs/swagger';
import type { DailyActivityQuery } from '@quanzi/contract';
import { Matches } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class DailyActivityQueryDto implements DailyActivityQuery {
  @ApiProperty({ example: '2026-11-01', description: 'first day, Asia/Shanghai' })
  @Matches(DAY, { message: 'from must be a YYYY-MM-DD day' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'last day (inclusive), Asia/Shanghai' })
  @Matches(DAY, { message: 'to must be a YYYY-MM-DD day' })
  to!: string;
}
