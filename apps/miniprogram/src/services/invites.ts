import { ApiRoutes, type MemberTagSummary, type TagSourceKind } from '@quanzi/contract';
import { platform } from '../platform';
import { routes } from '../routes';
import { apiUrl } from './http';

/**
 * What a member copies to pass an invite on: on h5 the landing page's URL (anyone can open it);
 * on weapp the page path (friends open the share card or the poster's code instead).
 */
export function inviteLink(code: string): string {
  return platform.name === 'h5'
    ? `${window.location.origin}${routes.inviteLanding({ code })}`
    : routes.inviteLanding({ code });
}

/** `?appid=` for a brand's build: the server then draws a code that opens this mini-program. */
export function withBrandApp(url: string): string {
  if (!BRAND.appid) return url;
  return `${url}${url.includes('?') ? '&' : '?'}appid=${encodeURIComponent(BRAND.appid)}`;
}

/** The poster image the server renders for a code. */
export function posterUrl(code: string): string {
  return withBrandApp(apiUrl(ApiRoutes.invitePoster(code)));
}

/** The link's mini-program code alone (H5 build: a QR of the landing URL), for 渠道活码. */
export function inviteCodeImageUrl(code: string): string {
  return withBrandApp(apiUrl(ApiRoutes.inviteCodeImage(code)));
}

/**
 * The invite code a landing page was opened with: `scene` when the page was opened from a
 * scanned mini-program code (URL-encoded by WeChat), else `code` from a shared card or link.
 */
export function inviteCodeFrom(params: Partial<Record<string, string>>): string | null {
  const raw = params.scene ?? params.code;
  if (!raw) return null;
  let code = raw;
  try {
    code = decodeURIComponent(raw);
  } catch {
    // Not encoded: use as is.
  }
  return /^[0-9A-Za-z]{1,32}$/.test(code) ? code : null;
}

export const tagSourceKindLabel: Record<TagSourceKind, string> = {
  manual: '手动',
  invite: '邀请链接',
  event: '活动',
  poll: '问卷',
  rule: '规则',
  message: '发言',
};

/** Why a member holds a tag, in words: 「邀请链接 · 线下沙龙」, 「手动 · 管理员」, 「活动」 … */
export function tagSourceText(tag: MemberTagSummary): string {
  const kind = tagSourceKindLabel[tag.source.kind];
  if (tag.source.kind === 'manual') return `${kind} · ${tag.source.label || '管理员'}`;
  return tag.source.label ? `${kind} · ${tag.source.label}` : kind;
}

/** 2025-11-02 14:05 in China time. */
export function chinaTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
