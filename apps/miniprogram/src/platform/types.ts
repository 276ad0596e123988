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
}
