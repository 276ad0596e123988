import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { CircleDirectoryService } from './circle-directory.service';
import { CircleExtensions } from './circle-extensions';
import { CirclesController } from './circles.controller';
import { Circle, CircleSchema, Membership, MembershipSchema } from './circles.schema';
import { CirclesService } from './circles.service';
import { MembersController } from './members.controller';
import { MembershipsRepository } from './memberships.repository';
import { MembershipsService } from './memberships.service';

/**
 * Circles and memberships. Registers the membership reader the auth guard's @CircleRole uses.
 * The models stay inside: other modules use CirclesService, MembershipsService and the named
 * operations of MembershipsRepository. The invites and tags modules import this one and plug
 * their invite codes and tag names into CircleExtensions.
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
  providers: [CirclesService, MembershipsService, MembershipsRepository, CircleExtensions, CircleDirectoryService],
  exports: [CirclesService, MembershipsService, MembershipsRepository, CircleExtensions],
})
export class CirclesModule {}
