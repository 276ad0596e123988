/** `GET /api/invites/:code/poster.png`: a PNG of this size (design pixels, 2× a phone screen's width). */
export const PosterSize = { width: 750, height: 1334 } as const;

// The page a poster's code opens is InviteLandingPage (./invites): `scene` (or H5 `?code=`) = the invite code.
