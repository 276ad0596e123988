import fastifyMultipart from '@fastify/multipart';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Settings } from '../config/settings';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { UsersModule } from '../users/users.module';
import { MediaCheck, MediaCheckSchema } from './media-check.schema';
import { MediaChecksService } from './media-checks.service';
import { LocalDiskStorage, STORAGE } from './storage';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';
import { WechatCallbackController } from './wechat-callback.controller';

/**
 * `POST /api/uploads` and the public `GET /uploads/:name`. The multipart parser and the file
 * route are registered on Fastify directly: the files live outside the /api prefix and need
 * no auth, and only this module reads multipart bodies. Stored images go through WeChat's media
 * check (media-checks.service.ts); a risky one is no longer served.
 */
@Module({
  imports: [
    RateLimitsModule,
    UsersModule,
    MongooseModule.forFeature([{ name: MediaCheck.name, schema: MediaCheckSchema }]),
  ],
  // The WeChat callback lives here because its only message so far is the image check's verdict.
  controllers: [UploadsController, WechatCallbackController],
  providers: [UploadsService, MediaChecksService, { provide: STORAGE, useClass: LocalDiskStorage }],
  exports: [STORAGE],
})
export class UploadsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly uploads: UploadsService,
    private readonly settings: Settings,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // The per-request limits in UploadsService are the real ones; these are the outer fence.
    // Not awaited on purpose: awaiting would load Fastify's plugin queue now and freeze the
    // routes Nest already declared with Fastify's default error handler, before Nest installs
    // its own (registerRouterHooks runs after onModuleInit). Queued, it loads at ready().
    void fastify.register(fastifyMultipart, {
      limits: { fileSize: this.settings.uploadMaxBytes, files: 1, fields: 0, parts: 1 },
    });
    fastify.get('/uploads/:name', (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) =>
      this.uploads.serve(request.params.name, reply),
    );
  }
}
