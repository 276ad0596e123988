import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MEMBER_TAG_DIRECTORY, MEMBER_TAGGER } from '../circles/circle-extensions';
import { CirclesModule } from '../circles/circles.module';
import { UsersModule } from '../users/users.module';
import { MemberTagsService } from './member-tags.service';
import { TagsController } from './tags.controller';
import { Tag, TagSchema } from './tags.schema';
import { TagDefinitionsService } from './tag-definitions.service';

/**
 * Tag definitions and member tags. Grants live on memberships and are written through the
 * circles module's MembershipsRepository; the member list gets tag names through
 * CircleExtensions (TagDefinitionsService plugs itself in). Invites, events, polls and rules
 * import this module for MEMBER_TAG_DIRECTORY / MEMBER_TAGGER.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: Tag.name, schema: TagSchema }]), CirclesModule, UsersModule],
  controllers: [TagsController],
  providers: [
    TagDefinitionsService,
    MemberTagsService,
    { provide: MEMBER_TAG_DIRECTORY, useExisting: TagDefinitionsService },
    { provide: MEMBER_TAGGER, useExisting: MemberTagsService },
  ],
  // TagDefinitionsService: the demo seeder creates tags through it.
  exports: [MEMBER_TAG_DIRECTORY, MEMBER_TAGGER, TagDefinitionsService],
})
export class TagsModule {}
