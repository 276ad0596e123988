import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@quanzi/contract';
import { errorMessage, errorStatus } from '../services/http';

export type PagedStatus = 'loading' | 'error' | 'ready';

export interface PagedList<T> {
  items: T[];
  /** First page: loading (nothing shown yet), error, or ready. */
  status: PagedStatus;
  /** Message of the first page's failure. */
  error: string | null;
  /** HTTP status of the first page's failure (e.g. 403 for a feed the caller may not read). */
  errorCode: number | null;
  loadingMore: boolean;
  /** A later page failed; the footer offers a retry. */
  moreFailed: boolean;
  hasMore: boolean;
  /** Reloads from the first page, keeping the current items on screen meanwhile. */
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  /** Local edits (an optimistic like, a removed row) without a reload. */
  update(fn: (items: T[]) => T[]): void;
}

/**
 * A cursor-paginated list (`{ items, nextCursor }`). `fetchPage` changes identity whenever the
 * query changes (wrap it in useCallback with the query as deps); that reloads from the start.
 * `enabled: false` (e.g. logged out) holds the list in `loading` without calling the server.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  enabled = true,
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [status, setStatus] = useState<PagedStatus>('loading');
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<number | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  // Each reload bumps the generation so answers to an older query are dropped.
  const generation = useRef(0);
  const busy = useRef(false);
  // The list on screen is a loaded one (not the first load's spinner or an error).
  const shown = useRef(false);
  shown.current = status === 'ready';

  const refresh = useCallback(async () => {
    const gen = ++generation.current;
    busy.current = true;
    setError(null);
    setErrorCode(null);
    setMoreFailed(false);
    try {
      const page = await fetchPage(undefined);
      if (gen !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setStatus('ready');
    } catch (err) {
      if (gen !== generation.current) return;
      // A failed pull-to-refresh keeps what is on screen and says why.
      if (shown.current) {
        void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 });
        return;
      }
      setItems([]);
      setCursor(null);
      setError(errorMessage(err));
      setErrorCode(errorStatus(err));
      setStatus('error');
    } finally {
      if (gen === generation.current) busy.current = false;
    }
  }, [fetchPage]);

  useEffect(() => {
    if (!enabled) {
      generation.current++;
      setStatus('loading');
      return;
    }
    setStatus('loading');
    void refresh();
  }, [refresh, enabled]);

  const loadMore = useCallback(async () => {
    if (busy.current || !cursor || status !== 'ready') return;
    const gen = generation.current;
    busy.current = true;
    setLoadingMore(true);
    setMoreFailed(false);
    try {
      const page = await fetchPage(cursor);
      if (gen !== generation.current) return;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch {
      if (gen === generation.current) setMoreFailed(true);
    } finally {
      if (gen === generation.current) {
        busy.current = false;
        setLoadingMore(false);
      }
    }
  }, [cursor, fetchPage, status]);

  const update = useCallback((fn: (prev: T[]) => T[]) => setItems(fn), []);

  return {
    items,
    status,
    error,
    errorCode,
    loadingMore,
    moreFailed,
    hasMore: cursor !== null,
    refresh,
    loadMore,
    update,
  };
}
