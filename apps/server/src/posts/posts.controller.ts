import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { LikeResponse, Page, PostEditView, PostView } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle } from '../auth/auth.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { CreatePostDto, FeedQueryDto, UpdatePostDto } from './dto/post.dto';
import { LikesService } from './likes.service';
import { PostsService } from './posts.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

@ApiTags('posts')
@ApiBearerAuth()
@Controller()
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly likes: LikesService,
  ) {}

  @CircleRole('member')
  @RateLimit('post')
  @Post('circles/:id/posts')
  create(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: CreatePostDto,
  ): Promise<PostView> {
    return this.posts.create(actor, circle.circleId, dto);
  }

  /** Members, or anyone logged in for an open circle (checked by the service). */
  @Get('circles/:id/posts')
  feed(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('圈子')) id: Types.ObjectId,
    @Query() query: FeedQueryDto,
  ): Promise<Page<PostView>> {
    return this.posts.feed(actor, id, query);
  }

  @Get('posts/:id')
  get(@CurrentActor() actor: Actor, @Param('id', new ObjectIdPipe('动态')) id: Types.ObjectId): Promise<PostView> {
    return this.posts.get(actor, id);
  }

  /** 置顶 / 精华: admins; text and images: the author within 24 h (checked by the service). */
  @CircleRole('member', { via: 'post' })
  @Patch('posts/:id')
  update(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
    @Body() dto: UpdatePostDto,
  ): Promise<PostView> {
    return this.posts.update(actor, id, dto, circle.role);
  }

  /** The versions an edited post replaced (admins). */
  @CircleRole('admin', { via: 'post' })
  @Get('posts/:id/edits')
  edits(@Param('id', new ObjectIdPipe('动态')) id: Types.ObjectId): Promise<PostEditView[]> {
    return this.posts.edits(id);
  }

  /** The author or an admin (checked by the service). */
  @Delete('posts/:id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', new ObjectIdPipe('动态')) id: Types.ObjectId): Promise<void> {
    return this.posts.remove(actor, id);
  }

  @CircleRole('admin', { via: 'post' })
  @Post('posts/:id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PostView> {
    return this.posts.approve(actor, id);
  }

  @CircleRole('member', { via: 'post' })
  @Post('posts/:id/like')
  @HttpCode(200)
  like(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LikeResponse> {
    return this.likes.like(actor, id);
  }

  @CircleRole('member', { via: 'post' })
  @Delete('posts/:id/like')
  unlike(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LikeResponse> {
    return this.likes.unlike(actor, id);
  }
}
