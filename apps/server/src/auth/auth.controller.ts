import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { LoginResponse } from '@quanzi/contract';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { WechatLoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimit('login')
  @Post('wechat')
  @HttpCode(200)
  loginWithWechat(@Body() dto: WechatLoginDto, @Headers('x-wx-appid') appidHeader?: string): Promise<LoginResponse> {
    // A brand's mini-program names itself (body `appid` or header X-Wx-Appid); none: the default app.
    return this.auth.loginWithWechat(dto.code, dto.appid ?? appidHeader?.trim() ?? null);
  }
}
