import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ContentStatuses,
  PostLimits,
  ReportActions,
  ReportStatuses,
  type CommentQueueQuery,
  type ContentStatus,
  type CreateCommentRequest,
  type CreatePostRequest,
  type CreateReportRequest,
  type FeedQuery,
  type ReportAction,
  type ReportQueueQuery,
  type ReportStatus,
  type ResolveReportRequest,
  type UpdatePostRequest,
} from '@quanzi/contract';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsMongoId,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQueryDto, toBool } from '../../common/pagination';
import { NO_CONTROL_CHARS, trim, URL_OR_PATH } from '../../common/dto-helpers';

/** Some visible character: a post of only spaces is empty. */
const NOT_BLANK = /\S/;

export class CreatePostDto implements CreatePostRequest {
  @ApiProperty({ minLength: 1, maxLength: PostLimits.textMax })
  @IsString()
  @Length(1, PostLimits.textMax)
  @Matches(NOT_BLANK, { message: '内容不能为空' })
  text!: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: PostLimits.imagesMax,
    description: "URLs from POST /api/uploads (only this server's uploads or UPLOAD_CDN_URL)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PostLimits.imagesMax)
  @IsString({ each: true })
  @MaxLength(PostLimits.imageUrlMax, { each: true })
  @Matches(URL_OR_PATH, { each: true, message: '图片地址应为 http(s) 网址或服务器上的路径' })
  images?: string[];

  @ApiPropertyOptional({ maxLength: PostLimits.topicMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, PostLimits.topicMax)
  @Matches(NO_CONTROL_CHARS, { message: 'topic 不能包含控制字符' })
  topic?: string;
}

export class UpdatePostDto implements UpdatePostRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  pinned?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  digest?: boolean;

  @ApiPropertyOptional({ minLength: 1, maxLength: PostLimits.textMax, description: 'the author, within 24 h' })
  @IsOptional()
  @IsString()
  @Length(1, PostLimits.textMax)
  @Matches(NOT_BLANK, { message: '内容不能为空' })
  text?: string;

  @ApiPropertyOptional({ type: [String], maxItems: PostLimits.imagesMax, description: 'the author, within 24 h' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PostLimits.imagesMax)
  @IsString({ each: true })
  @MaxLength(PostLimits.imageUrlMax, { each: true })
  @Matches(URL_OR_PATH, { each: true, message: '图片地址应为 http(s) 网址或服务器上的路径' })
  images?: string[];
}

export class FeedQueryDto extends PageQueryDto implements FeedQuery {
  @ApiPropertyOptional({ description: 'only 精华 posts' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  digest?: boolean;

  @ApiPropertyOptional({ maxLength: PostLimits.topicMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, PostLimits.topicMax)
  topic?: string;

  @ApiPropertyOptional({ enum: ContentStatuses, description: 'under_review: admins only' })
  @IsOptional()
  @IsIn(ContentStatuses)
  status?: ContentStatus;

  @ApiPropertyOptional({ maxLength: 50, description: 'text or topic contains it' })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, 50)
  q?: string;
}

export class CreateCommentDto implements CreateCommentRequest {
  @ApiProperty({ minLength: 1, maxLength: PostLimits.commentTextMax })
  @IsString()
  @Length(1, PostLimits.commentTextMax)
  @Matches(NOT_BLANK, { message: '内容不能为空' })
  text!: string;

  @ApiPropertyOptional({ description: 'a comment of the same post' })
  @IsOptional()
  @IsMongoId()
  replyToId?: string;
}

export class CommentQueueQueryDto extends PageQueryDto implements CommentQueueQuery {
  @ApiPropertyOptional({ enum: ContentStatuses, default: 'under_review' })
  @IsOptional()
  @IsIn(ContentStatuses)
  status?: ContentStatus;
}

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ minLength: 1, maxLength: PostLimits.reportReasonMax })
  @IsString()
  @Transform(trim)
  @Length(1, PostLimits.reportReasonMax)
  reason!: string;
}

export class ReportQueueQueryDto extends PageQueryDto implements ReportQueueQuery {
  @ApiPropertyOptional({ enum: ReportStatuses, default: 'open' })
  @IsOptional()
  @IsIn(ReportStatuses)
  status?: ReportStatus;
}

export class ResolveReportDto implements ResolveReportRequest {
  @ApiProperty({ enum: ReportActions })
  @IsIn(ReportActions)
  action!: ReportAction;
}
