import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  NotificationKinds,
  NotificationLimits,
  type MarkNotificationsReadRequest,
  type NotificationKind,
  type NotificationsQuery,
  type QuietHours,
  type UpdateNotificationSettingsRequest,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsMongoId,
  IsOptional,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, toInt } from '../../common/pagination';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class NotificationsQueryDto extends PageQueryDto implements NotificationsQuery {
  @ApiPropertyOptional({ enum: [1] })
  @IsOptional()
  @Transform(toInt)
  @IsIn([1], { message: 'unread 只能是 1' })
  unread?: 1;
}

export class MarkNotificationsReadDto implements MarkNotificationsReadRequest {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NotificationLimits.markReadMax)
  @IsMongoId({ each: true, message: '消息 id 无效' })
  ids?: string[];

  @ApiPropertyOptional({ enum: [true] })
  @IsOptional()
  @Equals(true, { message: 'all 只能是 true' })
  all?: true;
}

export class QuietHoursDto implements QuietHours {
  @Matches(HHMM, { message: '开始时间格式应为 HH:mm' })
  start!: string;

  @Matches(HHMM, { message: '结束时间格式应为 HH:mm' })
  end!: string;
}

export class UpdateNotificationSettingsDto implements UpdateNotificationSettingsRequest {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NotificationLimits.mutedCirclesMax)
  @IsMongoId({ each: true, message: '圈子 id 无效' })
  mutedCircleIds?: string[];

  @ApiPropertyOptional({ enum: NotificationKinds, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(NotificationKinds, { each: true, message: '未知的消息类型' })
  disabledKinds?: NotificationKind[];

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}
