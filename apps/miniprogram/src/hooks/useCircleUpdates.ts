import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import type { CircleView } from '@quanzi/contract';
import { CircleEvents } from '../services/circles';

/** Keeps a list's copy of a circle in step with joins, leaves and edits made on other pages. */
export function useCircleUpdates(update: (fn: (items: CircleView[]) => CircleView[]) => void): void {
  useEffect(() => {
    const onChanged = (changed: CircleView) => update((items) => items.map((c) => (c.id === changed.id ? changed : c)));
    Taro.eventCenter.on(CircleEvents.changed, onChanged);
    return () => {
      Taro.eventCenter.off(CircleEvents.changed, onChanged);
    };
  }, [update]);
}
