import { Module } from '@nestjs/common';
import { UploadsModule } from '../uploads/uploads.module';
import { PosterImages } from './poster-images';
import { PosterService } from './poster.service';

/** Invite posters. No routes of its own: the invites module serves `GET /api/invites/:code/poster.png`. */
@Module({
  imports: [UploadsModule],
  providers: [PosterService, PosterImages],
  exports: [PosterService],
})
export class PosterModule {}
