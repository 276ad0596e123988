import { Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { UploadResponse } from '@quanzi/contract';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @RateLimit('upload')
  @Post()
  upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<UploadResponse> {
    return this.uploads.receive(actor, request);
  }
}
