import { Controller, Get } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, type HealthResponse } from '@quanzi/contract';
import type { Connection } from 'mongoose';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { DatabaseTarget } from '../database/database.target';
import { HealthState } from './health.state';

/** A ready check that waits longer than this for the database counts the database as down. */
const DB_PING_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly target: DatabaseTarget,
    private readonly state: HealthState,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** Kept for existing probes and scripts: the process answers (same as `live`). */
  @Public()
  @Get()
  health(): HealthResponse {
    return { status: 'ok', db: this.target.kind };
  }

  /** Liveness: the event loop answers. Never touches the database, so a database outage does not restart every instance. */
  @Public()
  @Get('live')
  live(): HealthResponse {
    return { status: 'ok', db: this.target.kind };
  }

  /** Readiness: send traffic here only while not draining and the database answers a ping. */
  @Public()
  @Get('ready')
  async ready(): Promise<HealthResponse> {
    if (this.state.isDraining) throw new DomainError(ErrorCode.UNAVAILABLE, '服务正在停止，请稍后再试');
    const db = this.connection.db;
    const ping = db
      ? Promise.race([
          db.command({ ping: 1 }).then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DB_PING_TIMEOUT_MS).unref()),
        ]).catch(() => false)
      : Promise.resolve(false);
    if (this.connection.readyState !== 1 || !(await ping)) {
      throw new DomainError(ErrorCode.UNAVAILABLE, '数据库暂不可用，请稍后再试');
    }
    return { status: 'ok', db: this.target.kind };
  }
}
