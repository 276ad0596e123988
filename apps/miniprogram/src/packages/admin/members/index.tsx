import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { CircleLimits, type CircleRole, type MemberView, type MembershipStatus, type TagMode } from '@quanzi/contract'
import { Chips, type ChipOption } from '../../../components/Chips'
import { EmptyState } from '../../../components/EmptyState'
import { RequireLogin } from '../../../components/RequireLogin'
import { ErrorState, ListFooter, LoadingState } from '../../../components/Status'
import { useListPage } from '../../../hooks/useListPage'
import { usePagedList } from '../../../hooks/usePagedList'
import { routes } from '../../../routes'
import { useAuth } from '../../../services/auth'
import { CircleEvents } from '../../../services/circles'
import { api, quietApi } from '../../../services/http'
import { chooseAction, confirm, toastDone } from '../../../utils/confirm'
import { AdminGate } from '../components/AdminGate'
import { MemberRow } from '../components/MemberRow'
import { TagChips, toggle } from '../components/TagChips'
import { useAdminCircle } from '../components/useAdminCircle'
import { useTags } from '../components/useTags'
import '../components/admin.css'
import '../components/tags.css'

type RoleFilter = CircleRole | 'all'

const ROLE_OPTIONS: ChipOption<RoleFilter>[] = [
  { value: 'all', label: '全部角色' },
  { value: 'owner', label: '圈主' },
  { value: 'admin', label: '管理员' },
  { value: 'member', label: '成员' },
]

const TAG_MODE_OPTIONS: ChipOption<TagMode>[] = [
  { value: 'all', label: '同时具有所选标签' },
  { value: 'any', label: '具有任一所选标签' },
]

const STATUS_OPTIONS: ChipOption<MembershipStatus>[] = [
  { value: 'active', label: '正常' },
  { value: 'pending', label: '待审核' },
  { value: 'rejected', label: '已拒绝' },
  { value: 'removed', label: '已移除' },
  { value: 'left', label: '已退出' },
]

/** Channels of the circle's invite links (newest 100), for the 渠道 filter. */
function useChannels(circleId: string, enabled: boolean): string[] {
  const [channels, setChannels] = useState<string[]>([])
  useEffect(() => {
    if (!enabled) return
    quietApi.listInvites(circleId, { limit: 100 }).then(
      (page) => setChannels(Array.from(new Set(page.items.map((i) => i.channel)))),
      () => setChannels([]),
    )
  }, [circleId, enabled])
  return channels
}

function Members({ id }: { id: string }) {
  const admin = useAdminCircle()
  const { user } = useAuth()
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const [role, setRole] = useState<RoleFilter>('all')
  const [status, setStatus] = useState<MembershipStatus>('active')
  const { tags } = useTags(id, admin.isAdmin)
  const [tagIds, setTagIds] = useState<string[]>([])
  const [tagMode, setTagMode] = useState<TagMode>('all')
  const channels = useChannels(id, admin.isAdmin)
  const [channel, setChannel] = useState('')
  // Bulk mode: rows get a check; the bar at the bottom adds or removes a tag on the checked ones.
  const [bulk, setBulk] = useState(false)
  const [checked, setChecked] = useState<string[]>([])
  const fetchPage = useCallback(
    (cursor?: string) =>
      quietApi.listMembers(id, {
        cursor,
        q: q || undefined,
        role: role === 'all' ? undefined : role,
        status,
        tagIds: tagIds.length ? tagIds.join(',') : undefined,
        tagMode: tagIds.length > 1 ? tagMode : undefined,
        channel: channel || undefined,
      }),
    [id, q, role, status, tagIds, tagMode, channel],
  )
  const list = usePagedList(fetchPage, admin.isAdmin)
  useListPage(list, admin.reload)

  const replaceMember = (m: MemberView) => list.update((items) => items.map((x) => (x.userId === m.userId ? m : x)))

  const changeRole = async (member: MemberView) => {
    const to = member.role === 'admin' ? 'member' : 'admin'
    const ok = await confirm({
      title: to === 'admin' ? '设为管理员' : '取消管理员',
      content: to === 'admin' ? `「${member.nickname}」将可以审核成员、管理动态。` : `「${member.nickname}」将不再是管理员。`,
    })
    if (!ok) return
    try {
      replaceMember(await api.updateMemberRole(id, member.userId, { role: to }))
      toastDone('已更新')
    } catch {
      // Toasted by the http layer.
    }
  }

  const remove = async (member: MemberView) => {
    const ok = await confirm({ title: '移除成员', content: `确定将「${member.nickname}」移出圈子吗？移除后需重新申请才能加入。`, confirmText: '移除', danger: true })
    if (!ok) return
    try {
      await api.removeMember(id, member.userId)
      list.update((items) => items.filter((x) => x.userId !== member.userId))
      toastDone('已移除')
      if (admin.circle && member.status === 'active') {
        Taro.eventCenter.trigger(CircleEvents.changed, { ...admin.circle, memberCount: Math.max(0, admin.circle.memberCount - 1) })
      }
    } catch {
      // Toasted by the http layer.
    }
  }

  const manage = async (member: MemberView) => {
    const actions: { label: string; run: () => Promise<void> }[] = []
    if (admin.isOwner && member.role !== 'owner' && member.status === 'active') {
      actions.push({ label: member.role === 'admin' ? '取消管理员' : '设为管理员', run: () => changeRole(member) })
    }
    // Admins remove members; only the owner removes an admin, and nobody removes the owner.
    if (member.role !== 'owner' && member.status === 'active' && (admin.isOwner || member.role === 'member')) {
      actions.push({ label: '移出圈子', run: () => remove(member) })
    }
    if (actions.length === 0) return
    const index = await chooseAction(actions.map((a) => a.label))
    if (index !== null) await actions[index].run()
  }

  const bulkTag = async (action: 'add' | 'remove') => {
    if (checked.length === 0 || tags.length === 0) return
    const index = await chooseAction(tags.map((t) => t.name))
    if (index === null) return
    const tag = tags[index]
    const ok = await confirm({
      title: action === 'add' ? '批量添加标签' : '批量移除标签',
      content: `${action === 'add' ? '给' : '从'}选中的 ${checked.length} 位成员${action === 'add' ? '添加' : '移除'}「${tag.name}」？`,
      danger: action === 'remove',
    })
    if (!ok) return
    try {
      const res = await api.bulkTagMembers(id, { userIds: checked, [action]: [tag.id] })
      toastDone(action === 'add' ? `已添加 ${res.added} 人` : `已移除 ${res.removed} 人`)
      setChecked([])
      setBulk(false)
      await list.refresh()
    } catch {
      // Toasted by the http layer.
    }
  }

  const openMember = (m: MemberView) => void Taro.navigateTo({ url: routes.adminMember({ id, userId: m.userId }) })

  const canManage = (m: MemberView) =>
    m.userId !== user?.id && m.role !== 'owner' && m.status === 'active' && (admin.isOwner || m.role === 'member')

  let body
  if (list.status === 'loading') body = <LoadingState />
  else if (list.status === 'error') body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />
  else if (list.items.length === 0) {
    body = <EmptyState className='qz-members-empty' glyph='员' title={q || tagIds.length || channel ? '没有找到成员' : '暂无成员'} hint={q ? '换个昵称试试。' : '换个筛选条件看看。'} />
  } else {
    body = (
      <View className='qz-members-list'>
        {list.items.map((m) => (
          <MemberRow
            key={m.userId}
            member={m}
            onOpen={() => (bulk ? setChecked((l) => toggle(l, m.userId)) : openMember(m))}
            leading={
              bulk ? (
                <Text className={`qz-member-check ${checked.includes(m.userId) ? 'qz-member-check--on' : ''}`} onClick={() => setChecked((l) => toggle(l, m.userId))}>
                  ✓
                </Text>
              ) : undefined
            }
            actions={
              canManage(m) ? (
                <Button className='qz-btn qz-btn--plain qz-btn--small qz-member-manage' onClick={() => void manage(m)}>
                  管理
                </Button>
              ) : undefined
            }
          />
        ))}
        <ListFooter count={list.items.length} loadingMore={list.loadingMore} moreFailed={list.moreFailed} hasMore={list.hasMore} onLoadMore={() => void list.loadMore()} />
      </View>
    )
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <View className='qz-search'>
        <Input
          className='qz-input qz-member-search'
          placeholder='搜索昵称'
          maxlength={CircleLimits.memberSearchMax}
          confirmType='search'
          value={draft}
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
        <Button className='qz-btn qz-btn--ghost qz-btn--small qz-member-search-submit' onClick={() => setQ(draft.trim())}>
          搜索
        </Button>
      </View>
      <Chips className='qz-member-status-filter' options={STATUS_OPTIONS} value={status} onChange={setStatus} />
      <Chips className='qz-member-role-filter' options={ROLE_OPTIONS} value={role} onChange={setRole} />
      {channels.length ? (
        <Chips className='qz-member-channel-filter' options={[{ value: '', label: '全部渠道' }, ...channels.map((c) => ({ value: c, label: c }))]} value={channel} onChange={setChannel} />
      ) : null}
      {tags.length ? (
        <View className='qz-member-tag-filter'>
          <TagChips tags={tags} selected={tagIds} onToggle={(tagId) => setTagIds((l) => toggle(l, tagId))} />
          {tagIds.length > 1 ? <Chips className='qz-member-tag-mode' options={TAG_MODE_OPTIONS} value={tagMode} onChange={setTagMode} /> : null}
          <Button
            className='qz-btn qz-btn--plain qz-btn--small qz-member-bulk-toggle'
            onClick={() => {
              setBulk(!bulk)
              setChecked([])
            }}
          >
            {bulk ? '取消批量' : '批量打标签'}
          </Button>
        </View>
      ) : null}
      {body}
      {bulk ? (
        <View className='qz-bulk-bar'>
          <Text className='qz-bulk-bar__count qz-bulk-count'>已选 {checked.length} 人</Text>
          <Button
            className='qz-btn qz-btn--plain qz-btn--small qz-bulk-all'
            onClick={() => setChecked(checked.length === list.items.length ? [] : list.items.map((m) => m.userId))}
          >
            {checked.length === list.items.length ? '全不选' : '全选'}
          </Button>
          <Button className='qz-btn qz-btn--primary qz-btn--small qz-bulk-add' disabled={checked.length === 0} onClick={() => void bulkTag('add')}>
            添加标签
          </Button>
          <Button className='qz-btn qz-btn--danger qz-btn--small qz-bulk-remove' disabled={checked.length === 0} onClick={() => void bulkTag('remove')}>
            移除标签
          </Button>
        </View>
      ) : null}
    </AdminGate>
  )
}

export default function MembersPage() {
  const { id } = useRouter().params
  return (
    <View className='qz-page qz-admin-members-page'>
      <RequireLogin>{id ? <Members id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  )
}
