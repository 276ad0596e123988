import { createCanvas, type Image } from '@napi-rs/canvas';
import { drawAvatar, drawCover, fit } from './poster-draw';
import { posterFont } from './poster-fonts';
import { POSTER_HEIGHT, POSTER_LAYOUT as L, POSTER_WIDTH, type PosterCodeKind } from './poster.types';

export interface EventPosterParts {
  title: string;
  /** Already formatted for people: 「6月1日 周日 14:00」, 「静安寺咖啡馆」, 「¥39 起」/「免费」. */
  timeText: string;
  placeText: string;
  priceText: string;
  sharerNickname: string | null;
  cover: Image | null;
  avatar: Image | null;
  code: Image;
  codeKind: PosterCodeKind;
}

const INK = '#1F2328';
const MUTED = '#6B7280';
const ACCENT = '#C0673E';

/** Where the event poster's own parts sit (the cover, card, avatar and code are the invite poster's). */
export const EVENT_POSTER_LAYOUT = {
  title: { y: 702, px: 44, w: 590 },
  time: { y: 760, px: 26 },
  place: { y: 798, px: 26 },
  price: { y: 840, px: 30 },
  code: { x: 235, y: 876, size: 280 },
  hint: { y: 1190, px: 26 },
} as const;
const E = EVENT_POSTER_LAYOUT;

/** An event's poster, drawn like the invite poster; pure (no I/O). */
export function drawEventPoster(parts: EventPosterParts): Buffer {
  const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#F4F1EC';
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
  drawCover(ctx, parts.cover, parts.title);

  const { card } = L;
  ctx.save();
  ctx.shadowColor = 'rgba(0,0,0,0.08)';
  ctx.shadowBlur = 24;
  ctx.fillStyle = '#FFFFFF';
  ctx.beginPath();
  ctx.roundRect(card.x, card.y, card.w, card.h, card.radius);
  ctx.fill();
  ctx.restore();

  const nickname = parts.sharerNickname?.trim() || null;
  if (nickname) drawAvatar(ctx, parts.avatar, nickname);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const center = POSTER_WIDTH / 2;
  if (nickname) {
    ctx.fillStyle = INK;
    ctx.font = posterFont(L.nickname.px, 'bold');
    ctx.fillText(fit(ctx, nickname, card.w - 80), center, L.nickname.y);
  }
  ctx.fillStyle = MUTED;
  ctx.font = posterFont(L.invitation.px);
  ctx.fillText(nickname ? '邀请你一起参加' : '诚邀你参加', center, L.invitation.y);

  let px: number = E.title.px;
  ctx.font = posterFont(px, 'bold');
  while (px > 30 && ctx.measureText(parts.title).width > E.title.w) {
    px -= 4;
    ctx.font = posterFont(px, 'bold');
  }
  ctx.fillStyle = INK;
  ctx.fillText(fit(ctx, parts.title, E.title.w), center, E.title.y);

  ctx.fillStyle = MUTED;
  ctx.font = posterFont(E.time.px);
  ctx.fillText(fit(ctx, `时间  ${parts.timeText}`, E.title.w), center, E.time.y);
  ctx.fillText(fit(ctx, `地点  ${parts.placeText}`, E.title.w), center, E.place.y);
  ctx.fillStyle = ACCENT;
  ctx.font = posterFont(E.price.px, 'bold');
  ctx.fillText(parts.priceText, center, E.price.y);

  ctx.drawImage(parts.code, E.code.x, E.code.y, E.code.size, E.code.size);
  ctx.fillStyle = MUTED;
  ctx.font = posterFont(E.hint.px);
  ctx.fillText(parts.codeKind === 'wxacode' ? '长按识别小程序码，一键报名' : '扫描二维码，一键报名', center, E.hint.y);
  ctx.font = posterFont(L.footer.px);
  ctx.fillStyle = '#A0A4AB';
  ctx.fillText('圈子 · 找到同频的人', center, L.footer.y);
  return canvas.toBuffer('image/png');
}
