import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { auth, useAuth } from './auth';
import { quietApi } from './http';

/** The 我的 tab's position in app.config.ts `tabBar.list`. */
const ME_TAB_INDEX = 2;

let unread = 0;
const listeners = new Set<() => void>();

/** "99+" past two digits: the badge has room for about four narrow characters. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

function applyBadge(count: number): void {
  // Fails on pages that are not tabs (WeChat) and before the H5 tab bar mounts: the next tab show sets it.
  const done =
    count > 0
      ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: badgeText(count) })
      : Taro.removeTabBarBadge({ index: ME_TAB_INDEX });
  void Promise.resolve(done).catch(() => undefined);
}

/** The member's unread inbox count: one store for the 我的 badge, the 消息 entry and the inbox page. */
export const unreadStore = {
  get: () => unread,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Any answer that carries the count (list, mark read) sets it here. */
  set(count: number): void {
    if (count !== unread) {
      unread = count;
      listeners.forEach((l) => l());
    }
    applyBadge(count);
  },
  /** Asks the server (signed in only); a failure keeps the last count. */
  async refresh(): Promise<void> {
    if (!auth.isLoggedIn()) return unreadStore.set(0);
    try {
      const page = await quietApi.myNotifications({ limit: 1, unread: 1 });
      unreadStore.set(page.unread);
    } catch {
      // Offline or signed out meanwhile: the badge waits for the next show.
    }
  },
};

export function useUnread(): number {
  return useSyncExternalStore(unreadStore.subscribe, unreadStore.get, unreadStore.get);
}

/** On tab pages: refresh the count (and so the 我的 badge) when signing in or out and each time the page shows again. */
export function useUnreadBadge(): void {
  const { token } = useAuth();
  const mounted = useRef(false);
  useEffect(() => {
    void unreadStore.refresh();
  }, [token]);
  useDidShow(() => {
    // The first show is the mount, which the effect above covers.
    if (mounted.current) void unreadStore.refresh();
    mounted.current = true;
  });
}
