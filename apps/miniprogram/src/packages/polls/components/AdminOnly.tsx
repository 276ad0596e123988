import type { ReactNode } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useCircle } from '../../../hooks/useCircle';
import { isCircleAdmin } from '../../../utils/membership';

/** Loading / error / 无管理权限 before an admin-only poll page (kept here: subpackages do not import each other). */
export function AdminOnly({ circleId, children }: { circleId: string; children: ReactNode }) {
  const { load, reload } = useCircle(circleId, true);
  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  if (!isCircleAdmin(load.data.myMembership)) {
    return (
      <EmptyState
        className='qz-poll-forbidden'
        glyph='管'
        title='没有管理权限'
        hint='只有圈主和管理员可以发起投票问卷。'
      />
    );
  }
  return <>{children}</>;
}
