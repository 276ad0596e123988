import Taro from '@tarojs/taro';
import type { PlatformAdapter } from './types';

export type { LoginInput, LoginProof, PlatformAdapter } from './types';

function isCancel(err: unknown): boolean {
  const msg = (err as { errMsg?: string } | null)?.errMsg ?? '';
  return msg.includes('cancel');
}

export const platform: PlatformAdapter = {
  name: 'weapp',
  needsLoginForm: false,

  async login() {
    // The code is single-use and short-lived; the server trades it for the openid.
    const { code } = await Taro.login();
    // A brand's mini-program names its appid so the server asks WeChat with that app (WECHAT_APPS).
    return code ? { kind: 'wechat', body: BRAND.appid ? { code, appid: BRAND.appid } : { code } } : null;
  },

  // wx.login needs nothing remembered.
  logout() {},

  async scanCode() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      return res.result || null;
    } catch (err) {
      if (isCancel(err)) return null;
      throw err;
    }
  },

  async chooseImages(count) {
    // WeChat offers album or camera in its own sheet.
    try {
      const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      return res.tempFilePaths;
    } catch {
      // Cancelled (or refused): nothing picked.
      return [];
    }
  },

  async saveImage(src) {
    try {
      let filePath = src;
      if (/^https?:\/\//.test(src)) {
        const res = await Taro.downloadFile({ url: src });
        if (res.statusCode !== 200) return false;
        filePath = res.tempFilePath;
      }
      await Taro.saveImageToPhotosAlbum({ filePath });
      return true;
    } catch {
      return false;
    }
  },
  async requestPayment(params) {
    try {
      await Taro.requestPayment({
        timeStamp: String(params.timeStamp),
        nonceStr: String(params.nonceStr),
        package: String(params.package),
        signType: 'RSA',
        paySign: String(params.paySign),
      });
      return 'done';
    } catch (err) {
      return isCancel(err) ? 'cancelled' : 'failed';
    }
  },
  async deliverFile(url, fileName) {
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName.replace(/[\\/:*?"<>|\s]+/g, '-')}`;
    let status: number;
    try {
      status = (await Taro.downloadFile({ url, filePath })).statusCode;
    } catch {
      return '下载失败，请检查网络后重试';
    }
    if (status === 401) return '下载链接已过期，请重新导出';
    if (status !== 200) return status === 403 ? '只有管理员可以导出' : `下载失败（${status}）`;
    let choice: number;
    try {
      choice = (await Taro.showActionSheet({ itemList: ['发送到聊天', '直接打开'] })).tapIndex;
    } catch {
      return '';
    }
    try {
      if (choice === 0) {
        await Taro.shareFileMessage({ filePath, fileName });
        return '已发送';
      }
      await Taro.openDocument({ filePath, showMenu: true });
      return '';
    } catch (err) {
      if (isCancel(err)) return '';
      return choice === 0 ? '发送失败，请稍后再试' : '这台手机不能直接打开 CSV，请选「发送到聊天」';
    }
  },
  watchPrivacy(onNeed) {
    // Older base libraries (before 2.32.3) have no privacy gate to watch.
    if (typeof Taro.onNeedPrivacyAuthorization === 'function') Taro.onNeedPrivacyAuthorization(onNeed);
  },

  canSubscribe: true,
  async requestSubscribe(templateIds) {
    if (templateIds.length === 0) return [];
    try {
      // entityIds is Alipay's field; the typing wants it, WeChat ignores it.
      const res = await Taro.requestSubscribeMessage({ tmplIds: templateIds.slice(0, 3), entityIds: [] });
      // Success maps each template id to 'accept' | 'reject' | 'ban' | 'filter'.
      const answers = res as unknown as Record<string, string>;
      return templateIds.filter((id) => answers[id] === 'accept');
    } catch {
      // Closed the sheet, or turned subscriptions off in settings.
      return [];
    }
  },
};
