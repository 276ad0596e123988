import type { DevLoginRequest, WechatLoginRequest } from '@quanzi/contract';
import type { PrivacyResolve } from '../services/privacy';

/** What the server needs to open a session; `services/auth.ts` posts it to the matching route. */
export type LoginProof = { kind: 'wechat'; body: WechatLoginRequest } | { kind: 'dev'; body: DevLoginRequest };

export interface LoginInput {
  /** Dev login (h5) only: the nickname typed into the login form. */
  nickname?: string;
}

/**
 * Everything that differs between the WeChat mini-program and the H5 build.
 * `index.weapp.ts` and `index.h5.ts` implement it; Taro picks the file per build.
 */
export interface PlatformAdapter {
  readonly name: 'weapp' | 'h5';
  /**
   * True when logging in needs the user to type something first (h5 dev login), so pages
   * show a login form; false when `login()` works on its own (weapp `wx.login`).
   */
  readonly needsLoginForm: boolean;
  /**
   * Gets proof of identity for the server. Without input, h5 reuses the last dev-login
   * nickname (so a silent re-login works); resolves null when no proof can be had.
   */
  login(input?: LoginInput): Promise<LoginProof | null>;
  /** Forgets whatever `login()` would reuse, so an explicit logout is not undone by a silent re-login. */
  logout(): void;
  /** Scans a QR code and returns its text; null when cancelled or unsupported (h5: pages offer a code input). */
  scanCode(): Promise<string | null>;
  /**
   * Lets the member pick up to `count` images; resolves local paths the upload can send
   * (weapp temp files; h5 blob: URLs), empty when cancelled.
   */
  chooseImages(count: number): Promise<string[]>;
  /** Saves an image (a URL or a local temp path) to the photo album / downloads; false on failure or refusal. */
  saveImage(src: string): Promise<boolean>;
  /**
   * Takes a file away from a URL that needs no token (a signed export link). h5: the browser
   * downloads it. weapp: wx.downloadFile, then the member sends it to a chat (wx.shareFileMessage;
   * WeChat opens CSV there) or opens it (wx.openDocument, which cannot open CSV on every phone).
   * Resolves the toast to show ('' when cancelled).
   */
  deliverFile(url: string, fileName: string): Promise<string>;
  /**
   * Hands WeChat's privacy gate (`wx.onNeedPrivacyAuthorization`) to `onNeed`, once at launch;
   * h5 has no such gate and ignores it.
   */
  watchPrivacy(onNeed: (resolve: PrivacyResolve) => void): void;
  /**
   * Opens WeChat Pay's cashier with the server's signed `wx.requestPayment` parameters. Its
   * answer is only a hint (the server asks WeChat Pay): 'done' when the cashier says paid,
   * 'cancelled' when the payer closed it, 'unsupported' outside WeChat (h5 uses 模拟支付).
   */
  requestPayment(params: Record<string, unknown>): Promise<'done' | 'cancelled' | 'failed' | 'unsupported'>;
  /** Whether the platform has WeChat subscribe messages (weapp); pages show no subscribe prompt otherwise. */
  readonly canSubscribe: boolean;
  /**
   * Asks the member to subscribe to these templates (at most 3; must run inside a tap handler,
   * before any await). Resolves the ids they accepted; [] when refused, failed or unsupported.
   */
  requestSubscribe(templateIds: string[]): Promise<string[]>;
}
