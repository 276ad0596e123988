import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthState } from './health.state';

@Module({ controllers: [HealthController], providers: [HealthState], exports: [HealthState] })
export class HealthModule {}
