import { Module } from '@nestjs/common';
import { UploadsModule } from '../uploads/uploads.module';
import { PosterImages } from './poster-images';
import { PosterService } from './poster.service';

/**
 * Invite and event posters. No routes of its own: the invites module serves
 * `GET /api/invites/:code/poster.png`, the events module `GET /api/events/:id/poster.png`.
 */
@Module({
  imports: [UploadsModule],
  providers: [PosterService, PosterImages],
  exports: [PosterService],
})
export class PosterModule {}
