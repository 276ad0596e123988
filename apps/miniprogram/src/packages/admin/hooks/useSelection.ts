import { useCallback, useState } from 'react';
import { toggle } from '../components/TagChips';

/** Bulk mode of a list: on/off and the checked ids (cleared whenever the mode changes). */
export function useSelection() {
  const [on, setOn] = useState(false);
  const [checked, setChecked] = useState<string[]>([]);
  const flip = useCallback(() => {
    setOn((v) => !v);
    setChecked([]);
  }, []);
  const end = useCallback(() => {
    setOn(false);
    setChecked([]);
  }, []);
  const check = useCallback((id: string) => setChecked((l) => toggle(l, id)), []);
  /** Checks every id, or none when all are already checked. */
  const checkAll = useCallback((ids: string[]) => setChecked((l) => (l.length === ids.length ? [] : ids)), []);
  return { on, checked, flip, end, check, checkAll };
}
