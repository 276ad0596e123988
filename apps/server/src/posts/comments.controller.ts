import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommentView, Page } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { CommentsService } from './comments.service';
import { CommentQueueQueryDto, CreateCommentDto } from './dto/post.dto';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

@ApiTags('posts')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @CircleRole('member', { via: 'post' })
  @RateLimit('post')
  @Post('posts/:id/comments')
  create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateCommentDto): Promise<CommentView> {
    return this.comments.create(actor, id, dto);
  }

  /** Whoever may read the post (checked by the service). */
  @Get('posts/:id/comments')
  list(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('动态')) id: Types.ObjectId,
    @Query() query: PageQueryDto,
  ): Promise<Page<CommentView>> {
    return this.comments.list(actor, id, query);
  }

  /** The author or an admin (checked by the service). */
  @Delete('comments/:id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', new ObjectIdPipe('评论')) id: Types.ObjectId): Promise<void> {
    return this.comments.remove(actor, id);
  }

  @CircleRole('admin', { via: 'comment' })
  @Post('comments/:id/approve')
  @HttpCode(200)
  approve(@Param('id') id: string): Promise<CommentView> {
    return this.comments.approve(id);
  }

  @CircleRole('admin')
  @Get('circles/:id/comments')
  queue(@CurrentCircle() circle: CircleAccess, @Query() query: CommentQueueQueryDto): Promise<Page<CommentView>> {
    return this.comments.queue(circle.circleId, query);
  }
}
