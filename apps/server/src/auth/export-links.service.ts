import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode, EXPORT_LINK_PARAM, EXPORT_LINK_TTL_SECONDS, type ExportLinkView } from '@quanzi/contract';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isObjectIdHex } from '../common/object-id';
import { Settings } from '../config/settings';

/**
 * The exports a link may open: routes marked @SignedDownload(). Each still checks the link's
 * user's role when opened, so a link stops working when its admin loses the role.
 */
const EXPORT_PATHS = [
  /^\/api\/events\/[0-9a-f]{24}\/registrations\.csv$/,
  /^\/api\/circles\/[0-9a-f]{24}\/members\.csv$/,
];

/**
 * Short-lived signed links to one export (`?dl=<user>.<expiry>.<HMAC>`), for WeChat's
 * wx.downloadFile, which cannot send the bearer token. HMAC over the path, user and expiry with
 * the token secret: a link opens nothing but its own path, for at most EXPORT_LINK_TTL_SECONDS.
 */
@Injectable()
export class ExportLinksService {
  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  create(userId: string, path: string): ExportLinkView {
    if (!EXPORT_PATHS.some((p) => p.test(path)))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '不支持导出这个地址', [
        { field: 'path', message: '只能导出报名名单或成员名单' },
      ]);
    const exp = Math.floor(this.clock.nowMs() / 1000) + EXPORT_LINK_TTL_SECONDS;
    const signed = `${path}?${EXPORT_LINK_PARAM}=${userId}.${exp}.${this.sign(path, userId, exp)}`;
    return {
      url: `${this.settings.publicBaseUrl}${signed}`,
      path: signed,
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  /** The user a link was made for, or null when it is malformed, for another path, forged or expired. */
  verify(path: string, link: string): string | null {
    const match = /^([0-9a-f]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(link);
    if (!match || !isObjectIdHex(match[1])) return null;
    const [, userId, expText, sig] = match;
    const exp = Number(expText);
    const expected = Buffer.from(this.sign(path, userId, exp));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return exp * 1000 > this.clock.nowMs() ? userId : null;
  }

  private sign(path: string, userId: string, exp: number): string {
    return createHmac('sha256', this.settings.jwtSecret)
      .update(`export-link:${path}:${userId}:${exp}`)
      .digest('base64url');
  }
}
