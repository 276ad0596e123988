import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CirclesModule } from '../circles/circles.module';
import { PosterModule } from '../posters/poster.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { InvitePostersService } from './invite-posters.service';
import { InviteRedemptionService } from './invite-redemption.service';
import { InvitesController } from './invites.controller';
import {
  Invite,
  InviteClick,
  InviteClickSchema,
  InviteRedemption,
  InviteRedemptionSchema,
  InviteSchema,
  Referral,
  ReferralSchema,
} from './invites.schema';
import { InvitesService } from './invites.service';
import { ReferralsService } from './referrals.service';

/**
 * Invite links, clicks, redemptions and referral edges. InviteRedemptionService plugs itself
 * into the circles module's join flow (CircleExtensions). Serves the poster route with PosterService.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Invite.name, schema: InviteSchema },
      { name: InviteClick.name, schema: InviteClickSchema },
      { name: InviteRedemption.name, schema: InviteRedemptionSchema },
      { name: Referral.name, schema: ReferralSchema },
    ]),
    CirclesModule,
    TagsModule,
    UsersModule,
    PosterModule,
  ],
  controllers: [InvitesController],
  providers: [InvitesService, ReferralsService, InviteRedemptionService, InvitePostersService],
  exports: [InvitesService],
})
export class InvitesModule {}
