import type { ReactNode } from 'react';
import { EmptyState } from '../EmptyState';
import { ErrorState, LoadingState } from '../Status';
import type { CircleLoad } from '../../hooks/useCircle';

export interface AdminGateProps {
  load: CircleLoad;
  isAdmin: boolean;
  onRetry: () => void;
  /** What the page is for, in the 无管理权限 hint (default: opening this page). */
  purpose?: string;
  className?: string;
  children: ReactNode;
}

/**
 * Loading / error / 无管理权限 before an admin page's content. In the main package because admin pages
 * live in several subpackages (admin, polls, events), which cannot import each other.
 */
export function AdminGate({ load, isAdmin, onRetry, purpose = '打开这个页面', className, children }: AdminGateProps) {
  if (load.status === 'loading') return <LoadingState className='qz-admin-loading' />;
  if (load.status === 'error')
    return <ErrorState className='qz-admin-error' message={load.message} onRetry={onRetry} />;
  if (!isAdmin) {
    return (
      <EmptyState
        className={`qz-admin-forbidden ${className ?? ''}`}
        glyph='管'
        title='没有管理权限'
        hint={`只有圈主和管理员可以${purpose}。`}
      />
    );
  }
  return <>{children}</>;
}
