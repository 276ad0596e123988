/** `GET /api/invites/:code/poster.png`: a PNG of this size (design pixels, 2× a phone screen's width). */
export const PosterSize = { width: 750, height: 1334 } as const;

/** The mini-program page an invite's code opens; its `scene` (or H5 `?code=`) is the invite code. */
export const InviteLandingPage = 'packages/invites/landing/index';
