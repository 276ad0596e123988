import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { MyMembershipView, PostView } from '@quanzi/contract'
import { CircleEvents } from '../services/circles'
import { api, errorMessage, errorStatus, quietApi } from '../services/http'

export type PostLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string; code: number | null }
  | { status: 'ready'; post: PostView }

/**
 * One post (`GET /api/posts/:id`), my membership of its circle (for the admin actions), and a
 * like toggle that shows at once and rolls back when the server refuses.
 */
export function usePost(id: string, enabled: boolean) {
  const [load, setLoad] = useState<PostLoad>({ status: 'loading' })
  const [membership, setMembership] = useState<MyMembershipView | null>(null)
  const liking = useRef(false)

  const reload = useCallback(async () => {
    try {
      const post = await quietApi.getPost(id)
      setLoad({ status: 'ready', post })
      // Rights only widen the menu; a failure here just hides the admin actions.
      quietApi
        .getCircle(post.circleId)
        .then((c) => setMembership(c.myMembership))
        .catch(() => setMembership(null))
    } catch (err) {
      setLoad({ status: 'error', message: errorMessage(err), code: errorStatus(err) })
    }
  }, [id])

  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])

  /** Replaces the post locally and tells the feed. */
  const replace = useCallback((post: PostView) => {
    setLoad({ status: 'ready', post })
    Taro.eventCenter.trigger(CircleEvents.postChanged, post)
  }, [])

  const toggleLike = useCallback(async () => {
    if (load.status !== 'ready' || liking.current) return
    const before = load.post
    const liked = !before.likedByMe
    liking.current = true
    // Optimistic: the heart changes before the server answers.
    setLoad({ status: 'ready', post: { ...before, likedByMe: liked, likeCount: Math.max(0, before.likeCount + (liked ? 1 : -1)) } })
    try {
      const res = liked ? await api.likePost(before.id) : await api.unlikePost(before.id)
      replace({ ...before, likedByMe: res.liked, likeCount: res.likeCount })
    } catch {
      // Roll back; the http layer has toasted the reason.
      setLoad({ status: 'ready', post: before })
    } finally {
      liking.current = false
    }
  }, [load, replace])

  return { load, membership, reload, replace, toggleLike }
}
