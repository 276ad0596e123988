import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CircleLimits,
  CircleVisibilities,
  JoinPolicies,
  Limits,
  type CircleListQuery,
  type CircleVisibility,
  type CreateCircleRequest,
  type JoinCircleRequest,
  type JoinPolicy,
  type UpdateCircleRequest,
} from '@quanzi/contract';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { NO_CONTROL_CHARS, trim, URL_OR_PATH } from '../../common/dto-helpers';

/** Descriptions may span lines, but no other control characters. */
const NO_CONTROL_EXCEPT_NEWLINES = /^[^\u0000-\u0009\u000b-\u001f\u007f]*$/;

export class CreateCircleDto implements CreateCircleRequest {
  @ApiProperty({ minLength: 1, maxLength: CircleLimits.nameMax })
  @IsString()
  @Transform(trim)
  @Length(1, CircleLimits.nameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'name 不能包含控制字符' })
  name!: string;

  @ApiPropertyOptional({ maxLength: CircleLimits.descriptionMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @MaxLength(CircleLimits.descriptionMax)
  @Matches(NO_CONTROL_EXCEPT_NEWLINES, { message: 'description 不能包含控制字符' })
  description?: string;

  @ApiPropertyOptional({ maxLength: CircleLimits.coverUrlMax })
  @IsOptional()
  @IsString()
  @MaxLength(CircleLimits.coverUrlMax)
  @Matches(URL_OR_PATH, { message: 'coverUrl 应为 http(s) 网址或服务器上的路径' })
  coverUrl?: string;

  @ApiProperty({ enum: JoinPolicies })
  @IsIn(JoinPolicies)
  joinPolicy!: JoinPolicy;

  @ApiPropertyOptional({ enum: CircleVisibilities })
  @IsOptional()
  @IsIn(CircleVisibilities)
  visibility?: CircleVisibility;
}

export class CircleListQueryDto extends PageQueryDto implements CircleListQuery {
  @ApiPropertyOptional({ minLength: 1, maxLength: CircleLimits.nameMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, CircleLimits.nameMax)
  q?: string;
}

export class UpdateCircleDto implements UpdateCircleRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: CircleLimits.nameMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, CircleLimits.nameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'name 不能包含控制字符' })
  name?: string;

  @ApiPropertyOptional({ maxLength: CircleLimits.descriptionMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @MaxLength(CircleLimits.descriptionMax)
  @Matches(NO_CONTROL_EXCEPT_NEWLINES, { message: 'description 不能包含控制字符' })
  description?: string;

  @ApiPropertyOptional({ maxLength: CircleLimits.coverUrlMax, nullable: true, description: 'null removes the cover' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxLength(CircleLimits.coverUrlMax)
  @Matches(URL_OR_PATH, { message: 'coverUrl 应为 http(s) 网址或服务器上的路径' })
  coverUrl?: string | null;

  @ApiPropertyOptional({ enum: JoinPolicies })
  @IsOptional()
  @IsIn(JoinPolicies)
  joinPolicy?: JoinPolicy;

  @ApiPropertyOptional({ enum: CircleVisibilities, description: 'owner only' })
  @IsOptional()
  @IsIn(CircleVisibilities)
  visibility?: CircleVisibility;

  @ApiPropertyOptional({ description: 'owner only' })
  @IsOptional()
  @IsBoolean()
  directoryEnabled?: boolean;
}

export class JoinCircleDto implements JoinCircleRequest {
  @ApiPropertyOptional({ maxLength: Limits.inviteCodeMax })
  @IsOptional()
  @IsString()
  @Length(1, Limits.inviteCodeMax)
  inviteCode?: string;
}
