import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../../services/http'

export type Load<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T }

/** Loads one thing when `enabled`; `reload` repeats it, `set` replaces it after a local change. */
export function useLoad<T>(fetch: () => Promise<T>, enabled = true) {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' })
  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', data: await fetch() })
    } catch (err) {
      setLoad((prev) => (prev.status === 'ready' ? prev : { status: 'error', message: errorMessage(err) }))
    }
  }, [fetch])
  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])
  const set = useCallback((data: T) => setLoad({ status: 'ready', data }), [])
  return { load, reload, set }
}
