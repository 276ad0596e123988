import Taro from '@tarojs/taro';
import type { PollExporter } from './types';

export type { PollExporter } from './types';

export const pollExporter: PollExporter = {
  label: '复制导出链接',
  async deliver(link) {
    // Mini-programs cannot save arbitrary files for the user; a link opened in a browser can.
    await Taro.setClipboardData({ data: link.url });
    return '链接已复制，10 分钟内在浏览器打开即可下载';
  },
};
