import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { MemberView } from '@quanzi/contract';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { CircleEvents } from '../../../services/circles';
import { quietApi } from '../../../services/http';
import { chooseAction } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { BulkTagBar } from '../components/BulkTagBar';
import { MemberFilterBar } from '../components/MemberFilterBar';
import { MemberRow } from '../components/MemberRow';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { useChannels } from '../hooks/useChannels';
import { useMemberFilters } from '../hooks/useMemberFilters';
import { useSelection } from '../hooks/useSelection';
import { useTags } from '../hooks/useTags';
import {
  bulkTagWithConfirm,
  canManage,
  changeRoleWithConfirm,
  isSearching,
  memberActionLabel,
  memberActions,
  memberQuery,
  removeWithConfirm,
} from '../services/members';
import '../components/admin.css';
import '../components/tags.css';

function Members({ id }: { id: string }) {
  const admin = useAdminCircle();
  const { user } = useAuth();
  const { tags } = useTags(id, admin.isAdmin);
  const channels = useChannels(id, admin.isAdmin);
  const { filters, set, draft, setDraft, search, toggleTag } = useMemberFilters();
  // Bulk mode: rows get a check; the bar at the bottom adds or removes a tag on the checked ones.
  const selection = useSelection();
  const fetchPage = useCallback(
    (cursor?: string) => quietApi.listMembers(id, { cursor, ...memberQuery(filters) }),
    [id, filters],
  );
  const list = usePagedList(fetchPage, admin.isAdmin);
  useListPage(list, admin.reload);

  const manage = async (member: MemberView) => {
    const actions = memberActions(member, admin.isOwner);
    if (actions.length === 0) return;
    const index = await chooseAction(actions.map((a) => memberActionLabel(a, member)));
    if (index === null) return;
    if (actions[index] === 'role') {
      const updated = await changeRoleWithConfirm(id, member);
      if (updated) list.update((items) => items.map((x) => (x.userId === updated.userId ? updated : x)));
    } else if (await removeWithConfirm(id, member)) {
      list.update((items) => items.filter((x) => x.userId !== member.userId));
      if (admin.circle && member.status === 'active') {
        Taro.eventCenter.trigger(CircleEvents.changed, {
          ...admin.circle,
          memberCount: Math.max(0, admin.circle.memberCount - 1),
        });
      }
    }
  };

  const bulkTag = async (action: 'add' | 'remove') => {
    if (!(await bulkTagWithConfirm(id, selection.checked, tags, action))) return;
    selection.end();
    await list.refresh();
  };

  const openMember = (m: MemberView) => void Taro.navigateTo({ url: routes.adminMember({ id, userId: m.userId }) });

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0) {
    body = (
      <EmptyState
        className='qz-members-empty'
        glyph='员'
        title={isSearching(filters) ? '没有找到成员' : '暂无成员'}
        hint={filters.q ? '换个昵称试试。' : '换个筛选条件看看。'}
      />
    );
  } else {
    body = (
      <View className='qz-members-list'>
        {list.items.map((m) => (
          <MemberRow
            key={m.userId}
            member={m}
            onOpen={() => (selection.on ? selection.check(m.userId) : openMember(m))}
            leading={
              selection.on ? (
                <Text
                  className={`qz-member-check ${selection.checked.includes(m.userId) ? 'qz-member-check--on' : ''}`}
                  onClick={() => selection.check(m.userId)}
                >
                  ✓
                </Text>
              ) : undefined
            }
            actions={
              canManage(m, { userId: user?.id, isOwner: admin.isOwner }) ? (
                <Button className='qz-btn qz-btn--plain qz-btn--small qz-member-manage' onClick={() => void manage(m)}>
                  管理
                </Button>
              ) : undefined
            }
          />
        ))}
        <PagedListFooter list={list} />
      </View>
    );
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <MemberFilterBar
        filters={filters}
        onChange={set}
        onToggleTag={toggleTag}
        draft={draft}
        onDraft={setDraft}
        onSearch={search}
        tags={tags}
        channels={channels}
        bulk={selection.on}
        onToggleBulk={selection.flip}
      />
      {body}
      {selection.on ? (
        <BulkTagBar
          checked={selection.checked.length}
          total={list.items.length}
          onCheckAll={() => selection.checkAll(list.items.map((m) => m.userId))}
          onTag={(action) => void bulkTag(action)}
        />
      ) : null}
    </AdminGate>
  );
}

export default function MembersPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-members-page'>
      <RequireLogin>{id ? <Members id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
