import type { ReactNode } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState, LoadingState } from '../../../components/Status';
import type { CircleLoad } from '../../../hooks/useCircle';

export interface AdminGateProps {
  load: CircleLoad;
  isAdmin: boolean;
  onRetry: () => void;
  children: ReactNode;
}

/** Loading / error / 无管理权限 before an admin page's content. */
export function AdminGate({ load, isAdmin, onRetry, children }: AdminGateProps) {
  if (load.status === 'loading') return <LoadingState className='qz-admin-loading' />;
  if (load.status === 'error')
    return <ErrorState className='qz-admin-error' message={load.message} onRetry={onRetry} />;
  if (!isAdmin) {
    return (
      <EmptyState
        className='qz-admin-forbidden'
        glyph='管'
        title='没有管理权限'
        hint='只有圈主和管理员可以打开这个页面。'
      />
    );
  }
  return <>{children}</>;
}
