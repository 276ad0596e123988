import { useCallback, useEffect, useState } from 'react'
import type { TagView } from '@quanzi/contract'
import { errorMessage, quietApi } from '../../../services/http'

/** The circle's tag definitions for pickers and filters (one small list, no paging). */
export function useTags(circleId: string, enabled: boolean) {
  const [tags, setTags] = useState<TagView[]>([])
  const [error, setError] = useState<string | null>(null)
  const [loaded, setLoaded] = useState(false)
  const reload = useCallback(async () => {
    try {
      setTags(await quietApi.listTags(circleId))
      setError(null)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setLoaded(true)
    }
  }, [circleId])
  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])
  return { tags, setTags, error, loaded, reload }
}
