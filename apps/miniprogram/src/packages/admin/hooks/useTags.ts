import { useCallback } from 'react';
import { quietApi } from '../../../services/http';
import { useLoad } from '../../../hooks/useLoad';

/** The circle's tag definitions for pickers and filters (one small list, no paging). */
export function useTags(circleId: string, enabled: boolean) {
  const fetch = useCallback(() => quietApi.listTags(circleId), [circleId]);
  const { load, reload, update } = useLoad(fetch, { enabled });
  return { load, tags: load.status === 'ready' ? load.data : [], update, reload };
}
