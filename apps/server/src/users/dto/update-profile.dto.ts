import { ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type UpdateProfileRequest } from '@quanzi/contract';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';


export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: Limits.nicknameMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, Limits.nicknameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'nickname 不能包含控制字符' })
  nickname?: string;

  @ApiPropertyOptional({ maxLength: Limits.avatarUrlMax, description: 'http(s) URL or a path on this server (/uploads/…)' })
  @IsOptional()
  @IsString()
  @MaxLength(Limits.avatarUrlMax)
  @Matches(/^(https?:\/\/|\/)\S+$/, { message: 'avatarUrl 应为 http(s) 网址或服务器上的路径' })
  avatarUrl?: string;
}
