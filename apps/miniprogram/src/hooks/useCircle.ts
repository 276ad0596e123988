import Taro from '@tarojs/taro';
import { useCallback, useEffect } from 'react';
import type { CircleView } from '@quanzi/contract';
import { CircleEvents } from '../services/circles';
import { quietApi } from '../services/http';
import { useLoad, type Load } from './useLoad';

export type CircleLoad = Load<CircleView>;

const MISSING_ID: CircleLoad = { status: 'error', message: '缺少圈子参数，请从圈子列表进入', error: null };

/** One circle (`GET /api/circles/:id`, with my membership), kept in step with changes made elsewhere. */
export function useCircle(id: string | undefined, enabled: boolean) {
  const fetch = useCallback(() => quietApi.getCircle(id ?? ''), [id]);
  const { load, reload, set } = useLoad(fetch, { enabled: enabled && id !== undefined });

  useEffect(() => {
    const onChanged = (changed: CircleView) => {
      if (changed.id === id) set(changed);
    };
    Taro.eventCenter.on(CircleEvents.changed, onChanged);
    return () => {
      Taro.eventCenter.off(CircleEvents.changed, onChanged);
    };
  }, [id, set]);

  return { load: enabled && !id ? MISSING_ID : load, reload, replace: set };
}
