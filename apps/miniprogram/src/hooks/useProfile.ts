import { useDidShow } from '@tarojs/taro';
import { useCallback } from 'react';
import { fetchMe } from '../services/users';
import { useLoad } from './useLoad';

/**
 * The signed-in user's profile as the server has it (`GET /api/me`), loaded on mount and
 * refreshed whenever the page shows again (a loaded profile stays on screen meanwhile).
 */
export function useProfile() {
  const fetch = useCallback(() => fetchMe({ toast: false }), []);
  const { load, reload, set } = useLoad(fetch);
  useDidShow(() => {
    void reload();
  });
  return { load, reload, replace: set };
}
