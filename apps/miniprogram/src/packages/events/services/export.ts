import { ApiRoutes } from '@quanzi/contract';
import { auth } from '../../../services/auth';
import { apiUrl, quietApi } from '../../../services/http';
import { platform } from '../../../platform';
import { toastText } from '../../../utils/confirm';

/**
 * The attendee CSV. h5: fetched with the session's token and saved as a file. weapp: a 5-minute
 * signed link (POST /api/exports/link; wx.downloadFile cannot send the token), downloaded and
 * then sent to a chat or opened (platform.deliverFile).
 */
export async function exportAttendees(eventId: string, title: string): Promise<void> {
  const url = apiUrl(ApiRoutes.eventRegistrationsCsv(eventId));
  if (process.env.TARO_ENV !== 'h5') {
    const link = await quietApi.exportLink({ path: ApiRoutes.eventRegistrationsCsv(eventId) });
    const message = await platform.deliverFile(link.url, `${title}-报名名单.csv`);
    if (message) toastText(message);
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
