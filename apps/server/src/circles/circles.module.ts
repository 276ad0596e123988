import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import {
  INVITE_CODE_VERIFIER,
  MEMBER_TAG_DIRECTORY,
  MEMBER_TAGGER,
  NoInviteCodes,
  NoMemberTagger,
  NoMemberTags,
} from './circle-extensions';
import { CirclesController } from './circles.controller';
import { Circle, CircleSchema, Membership, MembershipSchema } from './circles.schema';
import { CirclesService } from './circles.service';
import { MembersController } from './members.controller';
import { MembershipsService } from './memberships.service';

/**
 * Circles and memberships. Registers the membership reader the auth guard's @CircleRole uses.
 * INVITE_CODE_VERIFIER, MEMBER_TAG_DIRECTORY and MEMBER_TAGGER (for events, polls, rules) default to "no invite codes" and "no tags"
 * until the invites and tags modules provide them.
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
    { provide: INVITE_CODE_VERIFIER, useClass: NoInviteCodes },
    { provide: MEMBER_TAG_DIRECTORY, useClass: NoMemberTags },
    { provide: MEMBER_TAGGER, useClass: NoMemberTagger },
  ],
  exports: [CirclesService, MembershipsService, MEMBER_TAGGER, MEMBER_TAG_DIRECTORY],
})
export class CirclesModule {}
