import { platform } from '../../../../platform';
import type { PollExporter } from './types';

export type { PollExporter } from './types';

export const pollExporter: PollExporter = {
  label: '导出 CSV',
  // The signed link needs no token: wx.downloadFile fetches it, then it goes to a chat or opens.
  deliver: (link) => platform.deliverFile(link.url, '问卷答卷.csv'),
};
