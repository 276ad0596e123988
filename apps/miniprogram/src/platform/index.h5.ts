import Taro from '@tarojs/taro';
import type { PlatformAdapter } from './types';

export type { LoginInput, LoginProof, PlatformAdapter } from './types';

// Remembered so a 401 can be answered with a silent dev re-login as the same person.
const NICKNAME_KEY = 'quanzi.devNickname';

export const platform: PlatformAdapter = {
  name: 'h5',
  needsLoginForm: true,

  async login(input) {
    const typed = input?.nickname?.trim();
    if (typed) {
      Taro.setStorageSync(NICKNAME_KEY, typed);
      return { kind: 'dev', body: { nickname: typed } };
    }
    const remembered: unknown = Taro.getStorageSync(NICKNAME_KEY);
    return typeof remembered === 'string' && remembered ? { kind: 'dev', body: { nickname: remembered } } : null;
  },

  logout() {
    Taro.removeStorageSync(NICKNAME_KEY);
  },

  // Browsers have no wx.scanCode: callers fall back to a typed code.
  async scanCode() {
    return null;
  },

  async chooseImages(count) {
    // The browser's file picker offers the camera itself on phones; Taro's extra 拍摄/相册 sheet would only add a tap.
    try {
      const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album'] });
      return res.tempFilePaths;
    } catch {
      // Cancelled (or refused): nothing picked.
      return [];
    }
  },

  async saveImage(src) {
    try {
      const link = document.createElement('a');
      link.href = src;
      link.download = src.split('/').pop()?.split('?')[0] || 'quanzi.png';
      link.target = '_blank';
      link.rel = 'noopener';
      document.body.appendChild(link);
      link.click();
      link.remove();
      return true;
    } catch {
      return false;
    }
  },
  async deliverFile(url, fileName) {
    // The link is signed, so the browser's own download needs no token.
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    return '已开始下载';
  },
  // Browsers have no WeChat privacy gate.
  watchPrivacy() {},
  // WeChat Pay's cashier exists only inside WeChat; the H5 build pays through the dev gateway.
  async requestPayment() {
    return 'unsupported';
  },
  // Nor subscribe messages: H5 members read the inbox.
  canSubscribe: false,
  async requestSubscribe() {
    return [];
  },
};
