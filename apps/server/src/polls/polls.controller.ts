import {
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, PollExportLink, PollResultsView, PollView, TextAnswerView } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle, Public } from '../auth/auth.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import {
  CreatePollDto,
  PollExportQueryDto,
  PollListQueryDto,
  PollResultsQueryDto,
  TextAnswersQueryDto,
  UpdatePollDto,
} from './dto/poll.dto';
import { SubmitPollResponseDto } from './dto/response.dto';
import { PollExportService } from './poll-export.service';
import { PollResponsesService } from './poll-responses.service';
import { PollResultsService } from './poll-results.service';
import { PollsService } from './polls.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

/** The caller on a @Public() route when a valid token was sent; undefined otherwise. */
const OptionalActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Actor | undefined => ctx.switchToHttp().getRequest<FastifyRequest>().actor,
);

@ApiTags('polls')
@ApiBearerAuth()
@Controller()
export class PollsController {
  constructor(
    private readonly polls: PollsService,
    private readonly responses: PollResponsesService,
    private readonly results: PollResultsService,
    private readonly exports: PollExportService,
  ) {}

  @CircleRole('admin')
  @Post('circles/:id/polls')
  create(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: CreatePollDto,
  ): Promise<PollView> {
    return this.polls.create(actor, circle, dto);
  }

  @CircleRole('member')
  @Get('circles/:id/polls')
  list(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Query() query: PollListQueryDto,
  ): Promise<Page<PollView>> {
    return this.polls.list(actor, circle, query);
  }

  @CircleRole('member', { via: 'poll' })
  @Get('polls/:id')
  get(@CurrentActor() actor: Actor, @CurrentCircle() circle: CircleAccess, @Param('id') id: string): Promise<PollView> {
    return this.polls.get(actor, circle, id);
  }

  @CircleRole('admin', { via: 'poll' })
  @Patch('polls/:id')
  update(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
    @Body() dto: UpdatePollDto,
  ): Promise<PollView> {
    return this.polls.update(actor, circle, id, dto);
  }

  @CircleRole('admin', { via: 'poll' })
  @Post('polls/:id/close')
  @HttpCode(200)
  close(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
  ): Promise<PollView> {
    return this.polls.close(actor, circle, id);
  }

  @CircleRole('member', { via: 'poll' })
  @RateLimit('vote')
  @Post('polls/:id/responses')
  submit(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
    @Body() dto: SubmitPollResponseDto,
  ): Promise<PollView> {
    return this.responses.submit(actor, circle, id, dto);
  }

  /** Members per the poll's resultsVisibility (checked by the service); admins always. */
  @CircleRole('member', { via: 'poll' })
  @Get('polls/:id/results')
  tallies(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
    @Query() query: PollResultsQueryDto,
  ): Promise<PollResultsView> {
    return this.results.results(actor, circle, id, query);
  }

  @CircleRole('admin', { via: 'poll' })
  @Get('polls/:id/text-answers')
  textAnswers(@Param('id') id: string, @Query() query: TextAnswersQueryDto): Promise<Page<TextAnswerView>> {
    return this.results.textAnswers(id, query);
  }

  @CircleRole('admin', { via: 'poll' })
  @Post('polls/:id/export-link')
  @HttpCode(200)
  exportLink(@CurrentActor() actor: Actor, @Param('id') id: string): PollExportLink {
    return this.exports.link(actor, id);
  }

  /** Admins, by bearer token or a signed link from export-link (checked by the service). */
  @Public()
  @Get('polls/:id/responses.csv')
  async export(
    @OptionalActor() actor: Actor | undefined,
    @Param('id', new ObjectIdPipe('问卷')) id: Types.ObjectId,
    @Query() query: PollExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.exports.download(actor, id, query);
    // Set only on success (not with @Header): an error must still go out as JSON.
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="poll-${id}.csv"`);
    return csv;
  }
}
