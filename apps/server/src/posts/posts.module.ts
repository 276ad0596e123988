import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CirclesModule } from '../circles/circles.module';
import { UsersModule } from '../users/users.module';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { ContentCheckService } from './content-check.service';
import { LikesService } from './likes.service';
import { PostsController } from './posts.controller';
import { Comment, CommentSchema, Like, LikeSchema, Post, PostSchema, Report, ReportSchema } from './posts.schema';
import { PostsService } from './posts.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { RejectedImagesListener } from './rejected-images.listener';

/** Posts, likes, comments and reports. Registers the 'post', 'comment' and 'report' circle resolvers. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Post.name, schema: PostSchema },
      { name: Like.name, schema: LikeSchema },
      { name: Comment.name, schema: CommentSchema },
      { name: Report.name, schema: ReportSchema },
    ]),
    CirclesModule,
    UsersModule,
  ],
  controllers: [PostsController, CommentsController, ReportsController],
  providers: [PostsService, LikesService, CommentsService, ReportsService, ContentCheckService, RejectedImagesListener],
  exports: [PostsService, CommentsService, LikesService, ContentCheckService],
})
export class PostsModule {}
