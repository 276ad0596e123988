import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { UserView } from '@quanzi/contract'
import { errorMessage } from '../services/http'
import { fetchMe } from '../services/users'

export type ProfileLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; user: UserView }

/**
 * The signed-in user's profile as the server has it (`GET /api/me`), loaded on mount and
 * refreshed whenever the page shows again.
 */
export function useProfile() {
  const [load, setLoad] = useState<ProfileLoad>({ status: 'loading' })
  const inFlight = useRef(false)

  const reload = useCallback(async () => {
    if (inFlight.current) return
    inFlight.current = true
    // Keep showing a loaded profile while refreshing; show the spinner only the first time.
    setLoad((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }))
    try {
      const user = await fetchMe({ toast: false })
      setLoad({ status: 'ready', user })
    } catch (err) {
      setLoad({ status: 'error', message: errorMessage(err) })
    } finally {
      inFlight.current = false
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  useDidShow(() => {
    void reload()
  })

  const replace = useCallback((user: UserView) => setLoad({ status: 'ready', user }), [])

  return { load, reload, replace }
}
