import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CheckinSyncLimits,
  EventLimits,
  InviteCodePattern,
  Limits,
  RegistrationStatuses,
  type CheckerRequest,
  type CheckinRequest,
  type CheckinSyncRequest,
  type OfflineScan,
  type CreateRegistrationRequest,
  type RegistrationListQuery,
  type RegistrationStatus,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsMongoId,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { trim } from '../../common/dto-helpers';

export class CreateRegistrationDto implements CreateRegistrationRequest {
  @ApiProperty()
  @IsMongoId()
  ticketTypeId!: string;

  /** Checked against the event's form by the service (keys and types depend on the event). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  answers?: Record<string, string>;

  /** Recorded only when it is a code of the event's circle (checked by the service). */
  @ApiPropertyOptional({ maxLength: Limits.inviteCodeMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Matches(InviteCodePattern, { message: 'inviteCode 应为 1–32 位字母或数字' })
  inviteCode?: string;
}

export class CheckinDto implements CheckinRequest {
  @ApiProperty()
  @IsString()
  @Transform(trim)
  @Length(1, EventLimits.ticketCodeMax)
  ticketCode!: string;
}

export class CheckerDto implements CheckerRequest {
  @ApiProperty()
  @IsMongoId()
  userId!: string;
}

export class RegistrationListQueryDto extends PageQueryDto implements RegistrationListQuery {
  @ApiPropertyOptional({ enum: RegistrationStatuses })
  @IsOptional()
  @IsIn(RegistrationStatuses)
  status?: RegistrationStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId()
  ticketTypeId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Transform(trim)
  @MaxLength(EventLimits.searchMax)
  q?: string;
}

/** `Idempotency-Key`: printable, bounded. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

export class OfflineScanDto implements OfflineScan {
  @ApiProperty()
  @IsString()
  @Transform(trim)
  @Length(1, EventLimits.ticketCodeMax)
  ticketCode!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  scannedAt!: string;

  @ApiProperty({ maxLength: CheckinSyncLimits.deviceIdMax })
  @IsString()
  @Length(1, CheckinSyncLimits.deviceIdMax)
  deviceId!: string;
}

export class CheckinSyncDto implements CheckinSyncRequest {
  @ApiProperty({ type: [OfflineScanDto], maxItems: CheckinSyncLimits.scansMax })
  @IsArray()
  @ArrayMaxSize(CheckinSyncLimits.scansMax)
  @ValidateNested({ each: true })
  @Type(() => OfflineScanDto)
  scans!: OfflineScanDto[];
}
