import { Injectable } from '@nestjs/common';
import { PosterService } from '../posters/poster.service';
import { InvitesService } from './invites.service';

/** An invite's poster: the landing's circle and inviter drawn by PosterService (which caches by content). */
@Injectable()
export class InvitePostersService {
  constructor(
    private readonly invites: InvitesService,
    private readonly posters: PosterService,
  ) {}

  /** NOT_FOUND for an unknown code, CLOSED for an expired or used-up link, like the landing. */
  /** `appId`: the brand mini-program the poster's code opens (null: the default app). */
  async render(code: string, appId: string | null = null): Promise<Buffer> {
    const landing = await this.invites.landing(code);
    return this.posters.render(
      {
        circleName: landing.circle.name,
        coverUrl: landing.circle.coverUrl,
        inviterNickname: landing.inviter?.nickname ?? null,
        inviterAvatarUrl: landing.inviter?.avatarUrl ?? null,
        inviteCode: landing.code,
      },
      appId,
    );
  }

  /** The link's mini-program code (or H5 QR) alone; refused like the landing when the link is closed. */
  async renderCode(code: string, appId: string | null = null): Promise<Buffer> {
    const landing = await this.invites.landing(code);
    return this.posters.renderCode(landing.code, appId);
  }
}
