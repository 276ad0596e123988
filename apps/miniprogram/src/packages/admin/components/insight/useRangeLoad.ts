import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { AnalyticsRangeQuery } from '@quanzi/contract';
import { useLoad } from '../../../../hooks/useLoad';
import { defaultRange } from './RangePicker';

/** A 数据 page's range and what it loads for it (again on every range change and pull-down). */
export function useRangeLoad<T>(fetch: (range: AnalyticsRangeQuery) => Promise<T>, enabled: boolean) {
  const [range, setRange] = useState(defaultRange);
  const load = useCallback(() => fetch(range.range), [fetch, range]);
  const loaded = useLoad(load, { enabled });
  usePullDownRefresh(() => void loaded.reload().finally(() => Taro.stopPullDownRefresh()));
  return { range, setRange, ...loaded };
}
