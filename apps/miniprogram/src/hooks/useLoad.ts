import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../services/http';

/** One thing a page or section loads: the spinner, the failure (shown with 重试), or the data. */
export type Load<T> =
  { status: 'loading' } | { status: 'error'; message: string; error: unknown } | { status: 'ready'; data: T };

export interface LoadOptions {
  /** Load only once this is true (e.g. signed in, or the caller is an admin). Default true. */
  enabled?: boolean;
  /** A failed reload leaves data already shown in place instead of the error state. Default false. */
  keepOnError?: boolean;
  /** The Chinese message of a failure; default `errorMessage` (the server's message or a fallback). */
  message?: (err: unknown) => string;
}

/**
 * Loads `fetch()` when enabled, and again whenever `fetch` changes (keep it stable with
 * `useCallback`). A retry after a failure shows the spinner; a reload over loaded data keeps it on
 * screen until the answer. Reloads while one is running share it; an answer for a `fetch` that
 * has since changed is dropped. `set` / `update` change the data after a local change.
 */
export function useLoad<T>(
  fetch: () => Promise<T>,
  { enabled = true, keepOnError = false, message = errorMessage }: LoadOptions = {},
) {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' });
  const running = useRef<{ fetch: () => Promise<T>; done: Promise<void> } | null>(null);
  const describe = useRef(message);
  describe.current = message;

  const reload = useCallback((): Promise<void> => {
    if (running.current?.fetch === fetch) return running.current.done;
    setLoad((prev) => (prev.status === 'error' ? { status: 'loading' } : prev));
    const run = { fetch, done: Promise.resolve() };
    const current = () => running.current === run;
    run.done = fetch()
      .then(
        (data) => {
          if (current()) setLoad({ status: 'ready', data });
        },
        (error: unknown) => {
          if (!current()) return;
          const failed = { status: 'error' as const, message: describe.current(error), error };
          setLoad((prev) => (keepOnError && prev.status === 'ready' ? prev : failed));
        },
      )
      .finally(() => {
        if (current()) running.current = null;
      });
    running.current = run;
    return run.done;
  }, [fetch, keepOnError]);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  const set = useCallback((data: T) => setLoad({ status: 'ready', data }), []);
  /** Changes loaded data in place (nothing happens before it is loaded). */
  const update = useCallback(
    (change: (data: T) => T) =>
      setLoad((prev) => (prev.status === 'ready' ? { status: 'ready', data: change(prev.data) } : prev)),
    [],
  );
  return { load, reload, set, update, data: load.status === 'ready' ? load.data : null };
}
