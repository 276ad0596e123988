import { Body, Controller, HttpCode, Post } from '@nestjs/common';
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
  loginWithWechat(@Body() dto: WechatLoginDto): Promise<LoginResponse> {
    return this.auth.loginWithWechat(dto.code);
  }
}
