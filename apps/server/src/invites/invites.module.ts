import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { INVITE_CODE_VERIFIER } from '../circles/circle-extensions';
import { CirclesModule } from '../circles/circles.module';
import { PosterModule } from '../posters/poster.module';
import { UsersModule } from '../users/users.module';
import { InvitePostersService } from './invite-posters.service';
import { InviteRedemptionService } from './invite-redemption.service';
import { InvitesController } from './invites.controller';
import { Invite, InviteClick, InviteClickSchema, InviteRedemption, InviteRedemptionSchema, InviteSchema, Referral, ReferralSchema } from './invites.schema';
import { InvitesService } from './invites.service';
import { ReferralsService } from './referrals.service';

/**
 * Invite links, clicks, redemptions and referral edges. Global so the circles module's join
 * flow gets INVITE_CODE_VERIFIER. Serves the poster route with PosterService.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Invite.name, schema: InviteSchema },
      { name: InviteClick.name, schema: InviteClickSchema },
      { name: InviteRedemption.name, schema: InviteRedemptionSchema },
      { name: Referral.name, schema: ReferralSchema },
    ]),
    CirclesModule,
    UsersModule,
    PosterModule,
  ],
  controllers: [InvitesController],
  providers: [InvitesService, ReferralsService, InviteRedemptionService, InvitePostersService, { provide: INVITE_CODE_VERIFIER, useExisting: InviteRedemptionService }],
  exports: [InvitesService, INVITE_CODE_VERIFIER],
})
export class InvitesModule {}
