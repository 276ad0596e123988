import { EventPosterPage, InviteLandingPage, PosterSize } from '@quanzi/contract';

/**
 * What a poster shows. The invites module builds it from the invite, its circle and its
 * inviter; PosterService does no database reads of its own.
 */
export interface PosterInput {
  circleName: string;
  /** Our own upload URL (`…/uploads/<hash>.<ext>` or `/uploads/…`) or an allowed https URL; null: a colored block. */
  coverUrl: string | null;
  /** Null for admin links without a person behind them: the poster then shows the circle only. */
  inviterNickname: string | null;
  /** Same sources as coverUrl; null or unreadable: the nickname's initial in a circle. */
  inviterAvatarUrl: string | null;
  /** Scene-safe invite code (≤ 32 of `[0-9A-Za-z]`). */
  inviteCode: string;
}

/** What an event poster shows; the events module builds it (texts already formatted). */
export interface EventPosterInput {
  eventId: string;
  title: string;
  timeText: string;
  placeText: string;
  priceText: string;
  coverUrl: string | null;
  sharerNickname: string | null;
  sharerAvatarUrl: string | null;
  /** The sharer's invite code (scene-safe), carried by the poster's code. */
  inviteCode: string;
}

/** The event page an event poster's code opens. */
export const EVENT_PAGE = EventPosterPage;

/** How the code on the poster is produced: WeChat mini-program code, or a plain QR to the H5 landing. */
export type PosterCodeKind = 'wxacode' | 'qr';

export const POSTER_WIDTH: number = PosterSize.width;
export const POSTER_HEIGHT: number = PosterSize.height;
/** The mini-program page a scanned code opens, with the invite code as `scene`. */
export const LANDING_PAGE = InviteLandingPage;

/** Where the parts sit (exported so tests can look at exact regions). */
export const POSTER_LAYOUT = {
  cover: { x: 0, y: 0, w: POSTER_WIDTH, h: 560 },
  card: { x: 40, y: 480, w: 670, h: 800, radius: 24 },
  avatar: { cx: 375, cy: 480, r: 64 },
  nickname: { y: 600, px: 32 },
  invitation: { y: 650, px: 26 },
  title: { x: 80, y: 700, w: 590, h: 72, px: 48 },
  code: { x: 215, y: 810, size: 320 },
  hint: { y: 1180, px: 26 },
  footer: { y: 1230, px: 22 },
} as const;
