import { Module } from '@nestjs/common';
import { Jobs } from './jobs.service';

/** Durable jobs (agenda on MongoDB); modules that schedule or run jobs import this module. */
@Module({
  providers: [Jobs],
  exports: [Jobs],
})
export class JobsModule {}
