import { ApiProperty } from '@nestjs/swagger';
import { Limits, type DevLoginRequest, type WechatLoginRequest } from '@quanzi/contract';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { NO_CONTROL_CHARS, trim } from '../../common/dto-helpers';

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'The code from wx.login()' })
  @IsString()
  @Length(1, 128)
  code!: string;
}

export class DevLoginDto implements DevLoginRequest {
  @ApiProperty({ minLength: 1, maxLength: Limits.nicknameMax })
  @IsString()
  @Transform(trim)
  @Length(1, Limits.nicknameMax)
  @Matches(NO_CONTROL_CHARS, { message: 'nickname 不能包含控制字符' })
  nickname!: string;
}
