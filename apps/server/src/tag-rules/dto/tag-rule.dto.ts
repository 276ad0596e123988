import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  TagRuleActivities,
  TagRuleCountModes,
  TagRuleLimits,
  TagRuleTargetTypes,
  type CreateTagRuleRequest,
  type TagRuleActivity,
  type TagRuleCountMode,
  type TagRuleTarget,
  type TagRuleTargetType,
  type UpdateTagRuleRequest,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsMongoId,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';

export class TagRuleTargetDto implements TagRuleTarget {
  @ApiProperty({ enum: TagRuleTargetTypes })
  @IsIn(TagRuleTargetTypes)
  type!: TagRuleTargetType;

  @ApiProperty({ description: 'id of the event, poll or post' })
  @IsMongoId()
  id!: string;
}

export class CreateTagRuleDto implements CreateTagRuleRequest {
  @ApiProperty({ minLength: 1, maxLength: TagRuleLimits.nameMax })
  @IsString()
  @Transform(trim)
  @Length(1, TagRuleLimits.nameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'name 不能包含控制字符' })
  name!: string;

  @ApiProperty({ enum: TagRuleActivities })
  @IsIn(TagRuleActivities)
  activity!: TagRuleActivity;

  @ApiPropertyOptional({ enum: TagRuleCountModes, default: 'times' })
  @IsOptional()
  @IsIn(TagRuleCountModes)
  countBy?: TagRuleCountMode;

  @ApiProperty({ minimum: 1, maximum: TagRuleLimits.thresholdMax })
  @IsInt()
  @Min(1)
  @Max(TagRuleLimits.thresholdMax)
  threshold!: number;

  @ApiProperty({ minimum: 1, maximum: TagRuleLimits.windowDaysMax })
  @IsInt()
  @Min(1)
  @Max(TagRuleLimits.windowDaysMax)
  windowDays!: number;

  @ApiPropertyOptional({ type: TagRuleTargetDto, nullable: true })
  @ValidateIf((o: CreateTagRuleDto) => o.target !== undefined && o.target !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => TagRuleTargetDto)
  target?: TagRuleTargetDto | null;

  @ApiProperty()
  @IsMongoId()
  tagId!: string;

  @ApiPropertyOptional({ type: [String], maxItems: TagRuleLimits.keywordsMax, description: 'keyword rules only' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TagRuleLimits.keywordsMax)
  @IsString({ each: true })
  @Length(1, TagRuleLimits.keywordMax, { each: true })
  @Matches(NO_CONTROL_CHARS, { each: true, message: 'keywords 不能包含控制字符' })
  keywords?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateTagRuleDto extends PartialType(CreateTagRuleDto) implements UpdateTagRuleRequest {}
