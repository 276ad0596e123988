import Taro, { useRouter } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { MemberView } from '@quanzi/contract';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { CircleEvents } from '../../../services/circles';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { MemberRow } from '../components/MemberRow';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';

function Approvals({ id }: { id: string }) {
  const admin = useAdminCircle();
  const fetchPage = useCallback((cursor?: string) => quietApi.listMembers(id, { status: 'pending', cursor }), [id]);
  const list = usePagedList(fetchPage, admin.isAdmin);
  const [busyId, setBusyId] = useState<string | null>(null);
  useListPage(list, admin.reload);

  const decide = async (member: MemberView, approve: boolean) => {
    if (!approve) {
      const ok = await confirm({
        title: '拒绝申请',
        content: `确定拒绝「${member.nickname}」的加入申请吗？`,
        confirmText: '拒绝',
        danger: true,
      });
      if (!ok) return;
    }
    setBusyId(member.userId);
    try {
      if (approve) await api.approveMember(id, member.userId);
      else await api.rejectMember(id, member.userId);
      list.update((items) => items.filter((m) => m.userId !== member.userId));
      toastDone(approve ? '已通过' : '已拒绝');
      if (approve && admin.circle) {
        Taro.eventCenter.trigger(CircleEvents.changed, { ...admin.circle, memberCount: admin.circle.memberCount + 1 });
      }
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusyId(null);
    }
  };

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0)
    body = (
      <EmptyState
        className='qz-approvals-empty'
        glyph='审'
        title='没有待审核的申请'
        hint='新的加入申请会出现在这里。'
      />
    );
  else {
    body = (
      <View className='qz-approvals-list'>
        {list.items.map((m) => (
          <MemberRow
            key={m.userId}
            member={m}
            actions={
              <>
                <Button
                  className='qz-btn qz-btn--plain qz-btn--small qz-reject'
                  disabled={busyId === m.userId}
                  onClick={() => void decide(m, false)}
                >
                  拒绝
                </Button>
                <Button
                  className='qz-btn qz-btn--primary qz-btn--small qz-approve'
                  disabled={busyId === m.userId}
                  loading={busyId === m.userId}
                  onClick={() => void decide(m, true)}
                >
                  通过
                </Button>
              </>
            }
          />
        ))}
        <PagedListFooter list={list} />
      </View>
    );
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      {body}
    </AdminGate>
  );
}

export default function ApprovalsPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-approvals-page'>
      <RequireLogin>{id ? <Approvals id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
