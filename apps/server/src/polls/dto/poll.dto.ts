import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PollKinds,
  PollLimits,
  QuestionTypes,
  ResultsVisibilities,
  type CreatePollRequest,
  type PollKind,
  type PollExportQuery,
  type PollListQuery,
  type PollOptionInput,
  type PollQuestionInput,
  type PollResultsQuery,
  type QuestionType,
  type ResultsVisibility,
  type TextAnswersQuery,
  type UpdatePollRequest,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsMongoId,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';

/** Client-chosen ids are short and plain, so they are safe as CSV headers and object keys. */
export const SHORT_ID = /^[A-Za-z0-9_-]+$/;

export class PollOptionDto implements PollOptionInput {
  @ApiPropertyOptional({ maxLength: PollLimits.idMax })
  @IsOptional()
  @IsString()
  @Length(1, PollLimits.idMax)
  @Matches(SHORT_ID, { message: 'id 只能包含字母、数字、_ 和 -' })
  id?: string;

  @ApiProperty({ maxLength: PollLimits.optionLabelMax })
  @IsString()
  @Transform(trim)
  @Length(1, PollLimits.optionLabelMax)
  @Matches(NO_CONTROL_CHARS, { message: 'label 不能包含控制字符' })
  label!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsMongoId()
  tagId?: string | null;
}

export class PollQuestionDto implements PollQuestionInput {
  @ApiPropertyOptional({ maxLength: PollLimits.idMax })
  @IsOptional()
  @IsString()
  @Length(1, PollLimits.idMax)
  @Matches(SHORT_ID, { message: 'id 只能包含字母、数字、_ 和 -' })
  id?: string;

  @ApiProperty({ enum: QuestionTypes })
  @IsIn(QuestionTypes)
  type!: QuestionType;

  @ApiProperty({ maxLength: PollLimits.questionTitleMax })
  @IsString()
  @Transform(trim)
  @Length(1, PollLimits.questionTitleMax)
  @Matches(NO_CONTROL_CHARS, { message: 'title 不能包含控制字符' })
  title!: string;

  @ApiPropertyOptional({ type: [PollOptionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PollLimits.optionsMax)
  @ValidateNested({ each: true })
  @Type(() => PollOptionDto)
  options?: PollOptionDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  maxChoices?: number;
}

/** Optional in both create and edit. */
class PollCommonDto {
  @ApiPropertyOptional({ maxLength: PollLimits.descriptionMax })
  @IsOptional()
  @IsString()
  @MaxLength(PollLimits.descriptionMax)
  description?: string;

  @ApiPropertyOptional({ nullable: true, description: 'ISO time; null: open until closed by an admin' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  closesAt?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'preset tags every respondent receives' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PollLimits.tagIdsMax)
  @IsMongoId({ each: true })
  tagIds?: string[];
}

// Create and edit declare title/questions/resultsVisibility separately: class-validator merges
// a parent's @IsOptional into a subclass, so a required field cannot be inherited as optional.
export class UpdatePollDto extends PollCommonDto implements UpdatePollRequest {
  @ApiPropertyOptional({ maxLength: PollLimits.titleMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, PollLimits.titleMax)
  @Matches(NO_CONTROL_CHARS, { message: 'title 不能包含控制字符' })
  title?: string;

  @ApiPropertyOptional({ type: [PollQuestionDto], description: 'only while nobody has answered' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PollLimits.questionsMax)
  @ValidateNested({ each: true })
  @Type(() => PollQuestionDto)
  questions?: PollQuestionDto[];

  @ApiPropertyOptional({ enum: ResultsVisibilities })
  @IsOptional()
  @IsIn(ResultsVisibilities)
  resultsVisibility?: ResultsVisibility;
}

export class CreatePollDto extends PollCommonDto implements CreatePollRequest {
  @ApiProperty({ maxLength: PollLimits.titleMax })
  @IsString()
  @Transform(trim)
  @Length(1, PollLimits.titleMax)
  @Matches(NO_CONTROL_CHARS, { message: 'title 不能包含控制字符' })
  title!: string;

  @ApiProperty({ enum: PollKinds })
  @IsIn(PollKinds)
  kind!: PollKind;

  @ApiProperty({ type: [PollQuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PollLimits.questionsMax)
  @ValidateNested({ each: true })
  @Type(() => PollQuestionDto)
  questions!: PollQuestionDto[];

  @ApiPropertyOptional({ default: false, description: 'fixed at creation' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiProperty({ enum: ResultsVisibilities })
  @IsIn(ResultsVisibilities)
  resultsVisibility!: ResultsVisibility;
}

export class PollListQueryDto extends PageQueryDto implements PollListQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class PollResultsQueryDto implements PollResultsQuery {
  @ApiPropertyOptional({ description: 'admins, named polls: tallies over respondents holding this tag' })
  @IsOptional()
  @IsMongoId()
  byTag?: string;
}

export class TextAnswersQueryDto extends PageQueryDto implements TextAnswersQuery {
  @ApiProperty()
  @IsString()
  @Length(1, PollLimits.idMax)
  questionId!: string;
}

/** The signed-link parameters of `GET /api/polls/:id/responses.csv` (from POST …/export-link). */
export class PollExportQueryDto implements PollExportQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId()
  uid?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,12}$/)
  exp?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sig?: string;
}
