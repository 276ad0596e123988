import { useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useAuth } from '../services/auth';
import { timelineQuery, type ShareContent } from '../utils/share';
import { knownInviteCode, myInviteCode } from './useMyInviteCode';

const card = (c: ShareContent) => ({ title: c.title, path: c.path, imageUrl: c.imageUrl });

/**
 * Registers the page's 转发 (chat card) and 分享到朋友圈 (Moments) content. `content` is null
 * until the page has loaded; `fallback` is shared meanwhile. The page config needs
 * `enableShareAppMessage` and `enableShareTimeline` on weapp.
 *
 * With `attribution`, the link carries the sharer's personal invite code: fetched at the first
 * share and handed to WeChat as the `promise` it waits up to 3 s for (the plain card otherwise);
 * Moments (no promise there) use the code once it is known.
 */
export function useShare(content: ShareContent | null, fallback: ShareContent): void {
  const { token } = useAuth();
  useShareAppMessage(() => {
    const c = content ?? fallback;
    const plain = card(c);
    const a = c.attribution;
    if (!a || !token) return plain;
    const code = knownInviteCode(a.circleId, token);
    if (code) return card(a.withCode(code));
    const promise = myInviteCode(a.circleId, token).then((fetched) => (fetched ? card(a.withCode(fetched)) : plain));
    return { ...plain, promise };
  });
  useShareTimeline(() => {
    const c = content ?? fallback;
    const code = c.attribution && token ? knownInviteCode(c.attribution.circleId, token) : null;
    const shared = code && c.attribution ? c.attribution.withCode(code) : c;
    return { title: shared.title, query: timelineQuery(shared.path), imageUrl: shared.imageUrl };
  });
}
