import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import type { CircleView } from '@quanzi/contract'
import { CircleEvents } from '../services/circles'
import { errorMessage, quietApi } from '../services/http'

export type CircleLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; circle: CircleView }

/** One circle (`GET /api/circles/:id`, with my membership), kept in step with changes made elsewhere. */
export function useCircle(id: string | undefined, enabled: boolean) {
  const [load, setLoad] = useState<CircleLoad>({ status: 'loading' })

  const reload = useCallback(async () => {
    if (!id) {
      setLoad({ status: 'error', message: '缺少圈子参数，请从圈子列表进入' })
      return
    }
    try {
      const circle = await quietApi.getCircle(id)
      setLoad({ status: 'ready', circle })
    } catch (err) {
      setLoad({ status: 'error', message: errorMessage(err) })
    }
  }, [id])

  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])

  useEffect(() => {
    const onChanged = (changed: CircleView) => {
      if (changed.id === id) setLoad({ status: 'ready', circle: changed })
    }
    Taro.eventCenter.on(CircleEvents.changed, onChanged)
    return () => {
      Taro.eventCenter.off(CircleEvents.changed, onChanged)
    }
  }, [id])

  const replace = useCallback((circle: CircleView) => setLoad({ status: 'ready', circle }), [])
  return { load, reload, replace }
}
