import { useEffect, useState } from 'react';
import { LiveRooms, type LiveServerFrame } from '@quanzi/contract';
import { live, type LiveStatus } from '../services/live';

export type DoorCounts = Omit<Extract<LiveServerFrame, { op: 'counts' }>, 'op' | 'room'>;

/**
 * Checked-in / registered counts of an event (`door:<eventId>`, checkers and admins), pushed by the
 * server on join and after every check-in by any checker, so the door and the stats card move
 * without a reload. null until the first frame (or when refused: the page keeps its HTTP figures).
 */
export function useDoorCounts(eventId: string, enabled: boolean): { counts: DoorCounts | null; status: LiveStatus } {
  const [counts, setCounts] = useState<DoorCounts | null>(null);
  const [status, setStatus] = useState<LiveStatus>(live.status);
  useEffect(() => {
    if (!enabled) return undefined;
    const offStatus = live.onStatus(setStatus);
    const leave = live.subscribe(LiveRooms.door(eventId), {
      onFrame: (frame) => {
        if (frame.op === 'counts') {
          setCounts({ checkedIn: frame.checkedIn, registered: frame.registered, byTicketType: frame.byTicketType });
        }
      },
    });
    return () => {
      offStatus();
      leave();
    };
  }, [eventId, enabled]);
  return { counts, status };
}
