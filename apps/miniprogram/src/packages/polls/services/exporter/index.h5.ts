import { apiUrl } from '../../../../services/http';
import type { PollExporter } from './types';

export type { PollExporter } from './types';

export const pollExporter: PollExporter = {
  label: '导出 CSV',
  async deliver(link) {
    // The signed link needs no token header, so the browser's own download handles it.
    const a = document.createElement('a');
    a.href = apiUrl(link.path);
    a.download = 'poll.csv';
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return '已开始下载';
  },
};
