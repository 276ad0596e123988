import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChatLimits, type ChatHistoryQuery, type ChatMuteRequest, type SendChatMessageRequest } from '@quanzi/contract';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsMongoId, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ChatHistoryQueryDto implements ChatHistoryQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) before?: number;
  @ApiPropertyOptional({ maximum: ChatLimits.historyPageMax })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ChatLimits.historyPageMax)
  limit?: number;
}

export class SendChatMessageDto implements SendChatMessageRequest {
  @ApiPropertyOptional({ maxLength: ChatLimits.textMax })
  @IsOptional()
  @IsString()
  @MaxLength(ChatLimits.textMax * 2)
  text?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) imageUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsMongoId() replyTo?: string;
  @ApiPropertyOptional({ description: 'admins only' }) @IsOptional() @IsBoolean() announcement?: boolean;
  @ApiProperty() @IsString() @Matches(/^[\w-]{1,64}$/, { message: 'clientId 应为 1-64 位字母数字' }) clientId!: string;
}

export class ChatMuteDto implements ChatMuteRequest {
  @ApiProperty() @IsMongoId() userId!: string;
  @ApiProperty({ minimum: 0, maximum: ChatLimits.muteMaxMinutes })
  @IsInt()
  @Min(0)
  @Max(ChatLimits.muteMaxMinutes)
  minutes!: number;
}

export class ChatReadDto {
  @ApiProperty() @IsInt() @Min(0) seq!: number;
}
