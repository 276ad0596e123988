import { useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { timelineQuery, type ShareContent } from '../utils/share';

/**
 * Registers the page's 转发 (chat card) and 分享到朋友圈 (Moments) content. `content` is null
 * until the page has loaded; `fallback` is shared meanwhile. The page config needs
 * `enableShareAppMessage` and `enableShareTimeline` on weapp.
 */
export function useShare(content: ShareContent | null, fallback: ShareContent): void {
  useShareAppMessage(() => {
    const c = content ?? fallback;
    return { title: c.title, path: c.path, imageUrl: c.imageUrl };
  });
  useShareTimeline(() => {
    const c = content ?? fallback;
    return { title: c.title, query: timelineQuery(c.path), imageUrl: c.imageUrl };
  });
}
