import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AudienceRegistrationStatuses,
  BroadcastLimits,
  EngagementSegments,
  type AudienceRegistrationStatus,
  type BroadcastAudience,
  type BroadcastLink,
  type BroadcastPreviewRequest,
  type CreateBroadcastRequest,
  type EngagementSegment,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsMongoId,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';

const LINK_TYPES = ['post', 'event', 'poll'] as const;

export class BroadcastAudienceDto implements BroadcastAudience {
  @ApiPropertyOptional({ enum: [true] })
  @IsOptional()
  @Equals(true, { message: 'all 只能是 true' })
  all?: true;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BroadcastLimits.tagIdsMax)
  @IsMongoId({ each: true, message: '标签 id 无效' })
  tagIds?: string[];

  @ApiPropertyOptional({ enum: ['all', 'any'] })
  @IsOptional()
  @IsIn(['all', 'any'], { message: 'tagMode 只能是 all 或 any' })
  tagMode?: 'all' | 'any';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  channel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId({ message: '邀请人 id 无效' })
  inviterId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId({ message: '活动 id 无效' })
  eventId?: string;

  @ApiPropertyOptional({ enum: AudienceRegistrationStatuses })
  @IsOptional()
  @IsIn(AudienceRegistrationStatuses, { message: '报名状态无效' })
  registrationStatus?: AudienceRegistrationStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId({ message: '问卷 id 无效' })
  pollId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId({ message: '问卷 id 无效' })
  notAnsweredPollId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: BroadcastLimits.inactiveDaysMax })
  @IsOptional()
  @IsInt({ message: 'inactiveDays 应为整数' })
  @Min(1)
  @Max(BroadcastLimits.inactiveDaysMax)
  inactiveDays?: number;

  @ApiPropertyOptional({ enum: EngagementSegments })
  @IsOptional()
  @IsIn(EngagementSegments, { message: '分层无效' })
  segment?: EngagementSegment;
}

export class BroadcastPreviewDto implements BroadcastPreviewRequest {
  @ApiProperty({ type: BroadcastAudienceDto })
  @IsDefined({ message: '请选择发送对象' })
  @ValidateNested()
  @Type(() => BroadcastAudienceDto)
  audience!: BroadcastAudienceDto;
}

export class BroadcastLinkDto implements BroadcastLink {
  @ApiProperty({ enum: LINK_TYPES })
  @IsIn(LINK_TYPES, { message: '链接只能指向帖子、活动或问卷' })
  type!: BroadcastLink['type'];

  @ApiProperty()
  @IsMongoId({ message: '链接 id 无效' })
  id!: string;
}

export class CreateBroadcastDto extends BroadcastPreviewDto implements CreateBroadcastRequest {
  @ApiProperty({ maxLength: BroadcastLimits.titleMax })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '请填写标题' })
  @MaxLength(BroadcastLimits.titleMax)
  @Matches(NO_CONTROL_CHARS, { message: '标题含有不可见字符' })
  title!: string;

  @ApiProperty({ maxLength: BroadcastLimits.bodyMax })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '请填写内容' })
  @MaxLength(BroadcastLimits.bodyMax)
  body!: string;

  @ApiPropertyOptional({ type: BroadcastLinkDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BroadcastLinkDto)
  link?: BroadcastLinkDto;

  @ApiPropertyOptional({ description: 'ISO time; absent: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt 应为 ISO 时间' })
  sendAt?: string;
}
