import type { ReactNode } from 'react';
import { AdminGate } from '../../../components/AdminGate';
import { useCircle } from '../../../hooks/useCircle';
import { isCircleAdmin } from '../../../utils/membership';

/** The shared admin gate for a poll page that has only the circle id. */
export function AdminOnly({ circleId, children }: { circleId: string; children: ReactNode }) {
  const { load, reload } = useCircle(circleId, true);
  return (
    <AdminGate
      load={load}
      isAdmin={load.status === 'ready' && isCircleAdmin(load.data.myMembership)}
      onRetry={() => void reload()}
      purpose='发起投票问卷'
      className='qz-poll-forbidden'
    >
      {children}
    </AdminGate>
  );
}
