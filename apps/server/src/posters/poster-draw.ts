import { createCanvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { posterFont } from './poster-fonts';
import { POSTER_HEIGHT, POSTER_LAYOUT as L, POSTER_WIDTH, type PosterCodeKind } from './poster.types';

export interface PosterParts {
  circleName: string;
  inviterNickname: string | null;
  cover: Image | null;
  avatar: Image | null;
  code: Image;
  codeKind: PosterCodeKind;
}

const PALETTE = ['#3F7D6E', '#C0673E', '#4A6FA5', '#8E5B9A', '#B8874A', '#5B8C5A'];
const INK = '#1F2328';
const MUTED = '#6B7280';

/** A stable color per name, so the fallback block of one circle looks the same every time. */
export function colorFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Draws the whole poster; pure (no I/O), so tests can render parts of it the same way. */
export function drawPoster(parts: PosterParts): Buffer {
  const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#F4F1EC';
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
  drawCover(ctx, parts.cover, parts.circleName);

  const { card } = L;
  ctx.save();
  ctx.shadowColor = 'rgba(0,0,0,0.08)';
  ctx.shadowBlur = 24;
  ctx.fillStyle = '#FFFFFF';
  ctx.beginPath();
  ctx.roundRect(card.x, card.y, card.w, card.h, card.radius);
  ctx.fill();
  ctx.restore();

  const nickname = parts.inviterNickname?.trim() || null;
  if (nickname) drawAvatar(ctx, parts.avatar, nickname);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  if (nickname) {
    ctx.fillStyle = INK;
    ctx.font = posterFont(L.nickname.px, 'bold');
    ctx.fillText(fit(ctx, nickname, card.w - 80), POSTER_WIDTH / 2, L.nickname.y);
  }
  ctx.fillStyle = MUTED;
  ctx.font = posterFont(L.invitation.px);
  ctx.fillText(nickname ? '邀请你加入圈子' : '诚邀你加入圈子', POSTER_WIDTH / 2, L.invitation.y);

  drawTitle(ctx, parts.circleName);

  ctx.drawImage(parts.code, L.code.x, L.code.y, L.code.size, L.code.size);
  ctx.fillStyle = MUTED;
  ctx.font = posterFont(L.hint.px);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(
    parts.codeKind === 'wxacode' ? '长按识别小程序码，加入圈子' : '扫描二维码，加入圈子',
    POSTER_WIDTH / 2,
    L.hint.y,
  );
  ctx.font = posterFont(L.footer.px);
  ctx.fillStyle = '#A0A4AB';
  ctx.fillText('圈子 · 找到同频的人', POSTER_WIDTH / 2, L.footer.y);
  return canvas.toBuffer('image/png');
}

/** The circle's name, centered in the title box, shrunk then ellipsized to fit one line. */
export function drawTitle(ctx: SKRSContext2D, circleName: string): void {
  const { title } = L;
  let px: number = title.px;
  ctx.font = posterFont(px, 'bold');
  while (px > 32 && ctx.measureText(circleName).width > title.w) {
    px -= 4;
    ctx.font = posterFont(px, 'bold');
  }
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(fit(ctx, circleName, title.w), title.x + title.w / 2, title.y + title.h / 2);
}

export function drawCover(ctx: SKRSContext2D, cover: Image | null, circleName: string): void {
  const { cover: box } = L;
  if (!cover || !cover.width || !cover.height) {
    const gradient = ctx.createLinearGradient(0, 0, box.w, box.h);
    gradient.addColorStop(0, colorFor(circleName));
    gradient.addColorStop(1, '#2B2F36');
    ctx.fillStyle = gradient;
    ctx.fillRect(box.x, box.y, box.w, box.h);
    return;
  }
  // object-fit: cover — crop the middle of the picture to the box's aspect ratio.
  const scale = Math.max(box.w / cover.width, box.h / cover.height);
  const sw = box.w / scale;
  const sh = box.h / scale;
  ctx.drawImage(cover, (cover.width - sw) / 2, (cover.height - sh) / 2, sw, sh, box.x, box.y, box.w, box.h);
}

export function drawAvatar(ctx: SKRSContext2D, avatar: Image | null, nickname: string): void {
  const { cx, cy, r } = L.avatar;
  ctx.save();
  ctx.fillStyle = '#FFFFFF';
  ctx.beginPath();
  ctx.arc(cx, cy, r + 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.clip();
  if (avatar && avatar.width && avatar.height) {
    const side = Math.min(avatar.width, avatar.height);
    ctx.drawImage(
      avatar,
      (avatar.width - side) / 2,
      (avatar.height - side) / 2,
      side,
      side,
      cx - r,
      cy - r,
      r * 2,
      r * 2,
    );
  } else {
    ctx.fillStyle = colorFor(nickname);
    ctx.fillRect(cx - r, cy - r, r * 2, r * 2);
    ctx.fillStyle = '#FFFFFF';
    ctx.font = posterFont(56, 'bold');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText([...nickname][0] ?? '?', cx, cy);
  }
  ctx.restore();
}

/** The text, cut with an ellipsis so it fits `width` (by code points, so emoji stay whole). */
export function fit(ctx: SKRSContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  const chars = [...text];
  while (chars.length > 1 && ctx.measureText(`${chars.join('')}…`).width > width) chars.pop();
  return `${chars.join('')}…`;
}
