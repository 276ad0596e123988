import Taro from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import type { MyMembershipView, PostView } from '@quanzi/contract';
import { CircleEvents } from '../services/circles';
import { api, quietApi } from '../services/http';
import { useLoad } from './useLoad';

/**
 * One post (`GET /api/posts/:id`), my membership of its circle (for the admin actions), and a
 * like toggle that shows at once and rolls back when the server refuses.
 */
export function usePost(id: string, enabled: boolean) {
  const [membership, setMembership] = useState<MyMembershipView | null>(null);
  const liking = useRef(false);

  const fetch = useCallback(async () => {
    const post = await quietApi.getPost(id);
    // Rights only widen the menu; a failure here just hides the admin actions.
    quietApi
      .getCircle(post.circleId)
      .then((c) => setMembership(c.myMembership))
      .catch(() => setMembership(null));
    return post;
  }, [id]);
  const { load, reload, set } = useLoad(fetch, { enabled });

  /** Replaces the post locally and tells the feed. */
  const replace = useCallback(
    (post: PostView) => {
      set(post);
      Taro.eventCenter.trigger(CircleEvents.postChanged, post);
    },
    [set],
  );

  const toggleLike = useCallback(async () => {
    if (load.status !== 'ready' || liking.current) return;
    const before = load.data;
    const liked = !before.likedByMe;
    liking.current = true;
    // Optimistic: the heart changes before the server answers.
    set({ ...before, likedByMe: liked, likeCount: Math.max(0, before.likeCount + (liked ? 1 : -1)) });
    try {
      const res = liked ? await api.likePost(before.id) : await api.unlikePost(before.id);
      replace({ ...before, likedByMe: res.liked, likeCount: res.likeCount });
    } catch {
      // Roll back; the http layer has toasted the reason.
      set(before);
    } finally {
      liking.current = false;
    }
  }, [load, set, replace]);

  return { load, membership, reload, replace, toggleLike };
}
