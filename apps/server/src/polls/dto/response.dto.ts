import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PollLimits, type PollAnswer, type SubmitPollResponseRequest } from '@quanzi/contract';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/**
 * Shapes only; whether an answer fits its question (known ids, choice counts, length, range,
 * required) is checked by the service against the poll, with `answers[i].field` details.
 */
export class PollAnswerDto implements PollAnswer {
  @ApiProperty()
  @IsString()
  @MaxLength(PollLimits.idMax)
  questionId!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PollLimits.optionsMax)
  @IsString({ each: true })
  @MaxLength(PollLimits.idMax, { each: true })
  optionIds?: string[];

  @ApiPropertyOptional({ maxLength: PollLimits.textAnswerMax })
  @IsOptional()
  @IsString()
  // Characters are counted by the service; this only stops absurd bodies early.
  @MaxLength(PollLimits.textAnswerMax * 2)
  text?: string;

  @ApiPropertyOptional({ minimum: PollLimits.ratingMin, maximum: PollLimits.ratingMax })
  @IsOptional()
  @IsInt()
  rating?: number;
}

export class SubmitPollResponseDto implements SubmitPollResponseRequest {
  @ApiProperty({ type: [PollAnswerDto] })
  @IsArray()
  @ArrayMaxSize(PollLimits.questionsMax)
  @ValidateNested({ each: true })
  @Type(() => PollAnswerDto)
  answers!: PollAnswerDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9A-Za-z]{1,32}$/, { message: 'inviteCode 应为 1–32 位字母或数字' })
  inviteCode?: string;
}
