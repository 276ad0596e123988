import { ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type UpdateProfileRequest } from '@quanzi/contract';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Nickname } from './nickname';

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: Limits.nicknameMax })
  @IsOptional()
  @Nickname()
  nickname?: string;

  @ApiPropertyOptional({
    maxLength: Limits.avatarUrlMax,
    description: 'http(s) URL or a path on this server (/uploads/…)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(Limits.avatarUrlMax)
  @Matches(/^(https?:\/\/|\/)\S+$/, { message: 'avatarUrl 应为 http(s) 网址或服务器上的路径' })
  avatarUrl?: string;
}
