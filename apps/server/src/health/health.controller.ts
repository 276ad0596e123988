import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@quanzi/contract';
import { Public } from '../auth/auth.decorators';
import { DatabaseTarget } from '../database/database.target';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly target: DatabaseTarget) {}

  @Public()
  @Get()
  health(): HealthResponse {
    return { status: 'ok', db: this.target.kind };
  }
}
