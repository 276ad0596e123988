/** `GET /api/invites/:code/poster.png`: a PNG of this size (design pixels, 2× a phone screen's width). */
export const PosterSize = { width: 750, height: 1334 } as const;

// The page a poster's code opens is InviteLandingPage (./invites): `scene` (or H5 `?code=`) = the invite code.

/** The page an event poster's code opens (the event page; outsiders see its public fields). */
export const EventPosterPage = 'packages/events/detail/index';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The `scene` of an event poster's mini-program code: the event id (24 hex digits as 16 base64url
 * characters), a dot and the sharer's invite code — 27 characters, within WeChat's 32.
 */
export function eventPosterScene(eventId: string, inviteCode: string): string {
  let out = '';
  for (let i = 0; i < 24; i += 6) {
    const n = parseInt(eventId.slice(i, i + 6), 16);
    for (let s = 18; s >= 0; s -= 6) out += B64URL[(n >> s) & 63];
  }
  return `${out}.${inviteCode}`;
}

/** The event id and invite code an event poster's `scene` carries; null when it is not one. */
export function parseEventPosterScene(scene: string): { eventId: string; inviteCode: string } | null {
  const match = /^([A-Za-z0-9_-]{16})\.([0-9A-Za-z]{1,15})$/.exec(scene);
  if (!match) return null;
  let hex = '';
  for (let i = 0; i < 16; i += 4) {
    let n = 0;
    for (const ch of match[1].slice(i, i + 4)) n = (n << 6) | B64URL.indexOf(ch);
    hex += n.toString(16).padStart(6, '0');
  }
  return { eventId: hex, inviteCode: match[2] };
}
