import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  InviteKinds,
  InviteLimits,
  InviteTargetTypes,
  type CreateInviteRequest,
  type InviteKind,
  type InviteListQuery,
  type InviteTarget,
  type InviteTargetType,
  type ReferralTreeQuery,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsMongoId,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, toInt } from '../../common/pagination';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';

export class InviteTargetDto implements InviteTarget {
  @ApiProperty({ enum: InviteTargetTypes })
  @IsIn(InviteTargetTypes)
  type!: InviteTargetType;

  @ApiProperty()
  @IsMongoId()
  id!: string;
}

export class CreateInviteDto implements CreateInviteRequest {
  @ApiProperty({ minLength: 1, maxLength: InviteLimits.channelMax, example: '线下沙龙' })
  @IsString()
  @Transform(trim)
  @Length(1, InviteLimits.channelMax)
  @Matches(NO_CONTROL_CHARS, { message: 'channel 不能包含控制字符' })
  channel!: string;

  @ApiPropertyOptional({ type: [String], maxItems: InviteLimits.presetTagsMax })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(InviteLimits.presetTagsMax)
  @ArrayUnique()
  @IsMongoId({ each: true })
  tagIds?: string[];

  @ApiPropertyOptional({ type: InviteTargetDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InviteTargetDto)
  target?: InviteTargetDto;

  @ApiPropertyOptional({ description: 'ISO time in the future' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: InviteLimits.maxUsesMax })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(InviteLimits.maxUsesMax)
  maxUses?: number;
}

export class InviteListQueryDto extends PageQueryDto implements InviteListQuery {
  @ApiPropertyOptional({ enum: InviteKinds })
  @IsOptional()
  @IsIn(InviteKinds)
  kind?: InviteKind;
}

export class ReferralTreeQueryDto implements ReferralTreeQuery {
  @ApiPropertyOptional({ description: 'root member; default: the caller' })
  @IsOptional()
  @IsMongoId()
  userId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: InviteLimits.treeDepthMax, default: InviteLimits.treeDepthDefault })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(InviteLimits.treeDepthMax)
  depth?: number;
}
