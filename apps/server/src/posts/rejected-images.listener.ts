import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Post } from './posts.schema';

/**
 * WeChat's media check found an image risky (`upload.rejected`): every published post showing it
 * goes back to review (`under_review`: out of the feed, in the admins' review queue), as risky-free
 * text that waits for review does.
 */
@Injectable()
export class RejectedImagesListener implements OnModuleInit {
  constructor(
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    private readonly bus: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe('upload.rejected', async ({ payload }) => {
      await this.posts.updateMany({ images: payload.url, status: 'published' }, { status: 'under_review' });
    });
  }
}
