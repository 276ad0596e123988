import Taro from '@tarojs/taro';
import { ApiRoutes } from '@quanzi/contract';
import { auth } from '../../../services/auth';
import { apiUrl } from '../../../services/http';

/**
 * The attendee CSV. h5: fetched with the session's token and saved as a file. weapp has no
 * way to open a CSV, so the admin copies the link to open in a browser where they are logged in.
 */
export async function exportAttendees(eventId: string, title: string): Promise<void> {
  const url = apiUrl(ApiRoutes.eventRegistrationsCsv(eventId));
  if (process.env.TARO_ENV !== 'h5') {
    await Taro.setClipboardData({ data: url });
    await Taro.showModal({
      title: '导出名单',
      content: '下载链接已复制。请在电脑浏览器中登录后打开该链接下载 CSV。',
      showCancel: false,
    });
    return;
  }
  const token = auth.getState().token;
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(res.status === 403 ? '只有管理员可以导出名单' : `导出失败（${res.status}）`);
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${title}-报名名单.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
