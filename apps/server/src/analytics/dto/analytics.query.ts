import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AnalyticsRangeQuery, EventFunnelQuery, RetentionQuery } from '@quanzi/contract';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class AnalyticsRangeQueryDto implements AnalyticsRangeQuery {
  @ApiProperty({ example: '2026-11-01', description: 'first day, Asia/Shanghai' })
  @Matches(DAY, { message: 'from 应为 YYYY-MM-DD 格式的日期' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'last day (inclusive), Asia/Shanghai' })
  @Matches(DAY, { message: 'to 应为 YYYY-MM-DD 格式的日期' })
  to!: string;
}

export class RetentionQueryDto extends AnalyticsRangeQueryDto implements RetentionQuery {
  @ApiPropertyOptional({ description: 'only members who joined through this channel' })
  @IsOptional()
  @IsString({ message: 'channel 应为文字' })
  @MaxLength(100, { message: 'channel 过长' })
  channel?: string;
}

export class EventFunnelQueryDto implements EventFunnelQuery {
  @ApiPropertyOptional({ description: 'only people who joined the circle through this invite code' })
  @IsOptional()
  @IsString({ message: 'inviteCode 应为文字' })
  @MaxLength(64, { message: 'inviteCode 过长' })
  inviteCode?: string;
}
