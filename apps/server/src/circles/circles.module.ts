import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { CirclesController } from './circles.controller';
import { Circle, CircleSchema, Membership, MembershipSchema } from './circles.schema';
import { CirclesService } from './circles.service';
import { MembersController } from './members.controller';
import { MembershipsService } from './memberships.service';

/**
 * Circles and memberships. Registers the membership reader the auth guard's @CircleRole uses.
 * INVITE_CODE_VERIFIER comes from the (global) InvitesModule, MEMBER_TAG_DIRECTORY and
 * MEMBER_TAGGER from the (global) TagsModule; both import this module for the models.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Circle.name, schema: CircleSchema },
      { name: Membership.name, schema: MembershipSchema },
    ]),
    UsersModule,
  ],
  controllers: [CirclesController, MembersController],
  providers: [
    CirclesService,
    MembershipsService,
  ],
  // The models too: member tags and invite redemptions live on memberships (tags, invites modules).
  exports: [CirclesService, MembershipsService, MongooseModule],
})
export class CirclesModule {}
