import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { PagedList } from './usePagedList';

/**
 * Wires a page's pull-to-refresh and reach-bottom to a paged list. The page config needs
 * `enablePullDownRefresh: true`.
 */
export function useListPage<T>(list: PagedList<T>, onRefresh?: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void Promise.all([list.refresh(), onRefresh?.()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });
}
