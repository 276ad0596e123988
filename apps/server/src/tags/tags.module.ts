import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MEMBER_TAG_DIRECTORY, MEMBER_TAGGER } from '../circles/circle-extensions';
import { CirclesModule } from '../circles/circles.module';
import { UsersModule } from '../users/users.module';
import { MemberTagsService } from './member-tags.service';
import { TagsController } from './tags.controller';
import { Tag, TagSchema } from './tags.schema';
import { TagDefinitionsService } from './tag-definitions.service';

/**
 * Tag definitions and member tags. Global so that the circles module (member list) and the
 * invites, events, polls and rules modules get MEMBER_TAG_DIRECTORY / MEMBER_TAGGER without
 * importing it.
 */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: Tag.name, schema: TagSchema }]), CirclesModule, UsersModule],
  controllers: [TagsController],
  providers: [
    TagDefinitionsService,
    MemberTagsService,
    { provide: MEMBER_TAG_DIRECTORY, useExisting: TagDefinitionsService },
    { provide: MEMBER_TAGGER, useExisting: MemberTagsService },
  ],
  exports: [TagDefinitionsService, MEMBER_TAG_DIRECTORY, MEMBER_TAGGER],
})
export class TagsModule {}
