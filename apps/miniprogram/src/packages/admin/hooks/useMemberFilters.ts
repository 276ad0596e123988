import { useCallback, useState } from 'react';
import { DEFAULT_MEMBER_FILTERS, type MemberFilters } from '../services/members';
import { toggle } from '../components/TagChips';

/** The members page's filters, plus the search text being typed (applied by `search()`). */
export function useMemberFilters() {
  const [filters, setFilters] = useState<MemberFilters>(DEFAULT_MEMBER_FILTERS);
  const [draft, setDraft] = useState('');
  const set = useCallback((patch: Partial<MemberFilters>) => setFilters((f) => ({ ...f, ...patch })), []);
  const search = useCallback(() => set({ q: draft.trim() }), [draft, set]);
  const toggleTag = useCallback((tagId: string) => setFilters((f) => ({ ...f, tagIds: toggle(f.tagIds, tagId) })), []);
  return { filters, set, draft, setDraft, search, toggleTag };
}
