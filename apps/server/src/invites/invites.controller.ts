import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { InviteLandingView, InviteView, Page, ReferralLeaderboard, ReferralTree } from '@quanzi/contract';
import type { FastifyReply } from 'fastify';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle, Public } from '../auth/auth.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { CreateInviteDto, InviteListQueryDto, ReferralTreeQueryDto } from './dto/invite.dto';
import { InvitesService } from './invites.service';
import { InvitePostersService } from './invite-posters.service';
import { ReferralsService } from './referrals.service';
import { CurrentVisitor, type Visitor } from './visitor.decorator';

@ApiTags('invites')
@ApiBearerAuth()
@Controller()
export class InvitesController {
  constructor(
    private readonly invites: InvitesService,
    private readonly referrals: ReferralsService,
    private readonly posters: InvitePostersService,
  ) {}

  @CircleRole('admin')
  @Post('circles/:id/invites')
  create(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: CreateInviteDto,
  ): Promise<InviteView> {
    return this.invites.create(actor, circle.circleId, dto);
  }

  @CircleRole('admin')
  @Get('circles/:id/invites')
  list(@CurrentCircle() circle: CircleAccess, @Query() query: InviteListQueryDto): Promise<Page<InviteView>> {
    return this.invites.list(circle.circleId, query);
  }

  @CircleRole('member')
  @Post('circles/:id/invites/mine')
  mine(@CurrentActor() actor: Actor, @CurrentCircle() circle: CircleAccess): Promise<InviteView> {
    return this.invites.mine(actor, circle.circleId);
  }

  /** Public: the landing page opens before login; a token, if sent, identifies the visitor. */
  @Public()
  @RateLimit('invite')
  @Get('invites/:code')
  open(@Param('code') code: string, @CurrentVisitor() visitor: Visitor): Promise<InviteLandingView> {
    return this.invites.open(code, visitor);
  }

  /** Public like the landing (it is shared as an image); opening it counts no click. */
  @Public()
  @Get('invites/:code/poster.png')
  async poster(
    @Param('code') code: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('appid') appid?: string,
  ): Promise<Buffer> {
    // `?appid=`: a brand mini-program asks for a code that opens itself (unknown appid: 400).
    const png = await this.posters.render(code, appid || null);
    // Cached per invite for a day by clients; the poster changes only with the circle or inviter.
    void reply.header('Content-Type', 'image/png').header('Cache-Control', 'public, max-age=86400');
    return png;
  }

  /** Public like the poster (an image tag sends no token): the code alone, for 渠道活码. */
  @Public()
  @Get('invites/:code/code.png')
  async code(
    @Param('code') code: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('appid') appid?: string,
  ): Promise<Buffer> {
    const png = await this.posters.renderCode(code, appid || null);
    void reply.header('Content-Type', 'image/png').header('Cache-Control', 'public, max-age=86400');
    return png;
  }

  @CircleRole('member')
  @Get('circles/:id/referrals/leaderboard')
  leaderboard(@CurrentActor() actor: Actor, @CurrentCircle() circle: CircleAccess): Promise<ReferralLeaderboard> {
    return this.referrals.leaderboard(actor, circle.circleId);
  }

  @CircleRole('admin')
  @Get('circles/:id/referrals/tree')
  tree(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Query() query: ReferralTreeQueryDto,
  ): Promise<ReferralTree> {
    return this.referrals.tree(actor, circle.circleId, query);
  }
}
