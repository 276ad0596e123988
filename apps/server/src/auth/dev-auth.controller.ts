import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { LoginResponse } from '@quanzi/contract';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { DevLoginDto } from './dto/login.dto';

/** Mounted only when dev login is on (never in production), so elsewhere the route is a plain 404. */
@ApiTags('auth')
@Controller('auth')
export class DevAuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimit('login')
  @Post('dev')
  @HttpCode(200)
  loginDev(@Body() dto: DevLoginDto): Promise<LoginResponse> {
    return this.auth.loginDev(dto.nickname);
  }
}
