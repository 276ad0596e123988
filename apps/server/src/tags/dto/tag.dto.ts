import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  TagColorPattern,
  TagLimits,
  type BulkTagRequest,
  type CreateTagRequest,
  type UpdateTagRequest,
} from '@quanzi/contract';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsMongoId,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';

export class CreateTagDto implements CreateTagRequest {
  @ApiProperty({ minLength: 1, maxLength: TagLimits.nameMax })
  @IsString()
  @Transform(trim)
  @Length(1, TagLimits.nameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'name 不能包含控制字符' })
  name!: string;

  @ApiPropertyOptional({ example: '#3b82f6' })
  @IsOptional()
  @IsString()
  @Matches(TagColorPattern, { message: 'color 应为 #rrggbb 格式的颜色' })
  color?: string;
}

export class UpdateTagDto implements UpdateTagRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: TagLimits.nameMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, TagLimits.nameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'name 不能包含控制字符' })
  name?: string;

  @ApiPropertyOptional({ example: '#3b82f6' })
  @IsOptional()
  @IsString()
  @Matches(TagColorPattern, { message: 'color 应为 #rrggbb 格式的颜色' })
  color?: string;
}

export class BulkTagDto implements BulkTagRequest {
  @ApiProperty({ type: [String], minItems: 1, maxItems: TagLimits.bulkUsersMax })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TagLimits.bulkUsersMax)
  @ArrayUnique()
  @IsMongoId({ each: true })
  userIds!: string[];

  @ApiPropertyOptional({ type: [String], maxItems: TagLimits.bulkTagsMax })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TagLimits.bulkTagsMax)
  @ArrayUnique()
  @IsMongoId({ each: true })
  add?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: TagLimits.bulkTagsMax })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TagLimits.bulkTagsMax)
  @ArrayUnique()
  @IsMongoId({ each: true })
  remove?: string[];
}
