import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type DevLoginRequest, type WechatLoginRequest } from '@quanzi/contract';
import { IsOptional, IsString, Length } from 'class-validator';
import { Nickname } from '../../users/dto/nickname';

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'The code from wx.login()' })
  @IsString()
  @Length(1, 128)
  code!: string;

  @ApiPropertyOptional({ description: 'The brand mini-program the code comes from (or header X-Wx-Appid)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  appid?: string;
}

export class DevLoginDto implements DevLoginRequest {
  @ApiProperty({ minLength: 1, maxLength: Limits.nicknameMax })
  @Nickname()
  nickname!: string;
}
