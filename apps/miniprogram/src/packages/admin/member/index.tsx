import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import type { MemberView } from '@quanzi/contract';
import { Avatar } from '../../../components/Avatar';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState } from '../../../components/Status';
import { useLoad } from '../../../hooks/useLoad';
import { ApiError, api, quietApi } from '../../../services/http';
import { chinaTime, tagSourceText } from '../../../services/invites';
import { chooseAction, confirm, toastDone } from '../../../utils/confirm';
import { memberStatusLabel, roleLabel } from '../../../utils/format';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import { useTags } from '../hooks/useTags';
import '../components/admin.css';
import '../components/tags.css';

/** The member's engagement as last recomputed: score, segment and the reasons in words. */
function Engagement({ circleId, userId }: { circleId: string; userId: string }) {
  const fetch = useCallback(() => quietApi.memberEngagement(circleId, userId), [circleId, userId]);
  const { load, reload } = useLoad(fetch);
  const recompute = async () => {
    try {
      await api.recomputeEngagement(circleId);
      await reload();
    } catch {
      // Toasted by the http layer.
    }
  };
  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error')
    body =
      load.error instanceof ApiError && load.error.status === 404 ? (
        <View>
          <Text className='qz-invite-row__meta qz-engagement-none'>新成员的活跃度还没有计算（每晚更新）</Text>
          <Button
            className='qz-btn qz-btn--ghost qz-btn--small qz-engagement-recompute'
            onClick={() => void recompute()}
          >
            立即计算
          </Button>
        </View>
      ) : (
        <ErrorState message={load.message} onRetry={() => void reload()} />
      );
  else {
    const e = load.data;
    body = (
      <>
        <View className='qz-engagement-head'>
          <Text className='qz-engagement-score'>{e.score}</Text>
          <Text className='qz-badge qz-badge--brand qz-engagement-segment'>{e.segment}</Text>
        </View>
        <Text className='qz-engagement-explanation'>{e.explanation}</Text>
        <Text className='qz-invite-row__meta'>
          {e.recency === null ? '还没有互动' : e.recency === 0 ? '今天有互动' : `最近一次互动：${e.recency} 天前`} ·
          邀请 {e.invitees} 人（
          {e.activeInvitees} 人仍活跃）· 更新于 {chinaTime(e.computedAt)}
        </Text>
        <Text className='qz-invite-row__meta'>
          活跃度 0–100 综合最近互动、互动频次（签到 &gt; 发帖 &gt; 报名 &gt; 评论 = 投票 &gt;
          点赞）和贡献（参加活动、邀请、付费）。
        </Text>
      </>
    );
  }
  return (
    <View className='qz-card qz-member-engagement-card'>
      <Text className='qz-section-title'>活跃度</Text>
      {body}
    </View>
  );
}

/** One member for admins: where they came from and every tag with its source and time. */
function MemberDetail({ userId }: { userId: string }) {
  const admin = useAdminCircle();
  const id = admin.id ?? '';
  const { tags } = useTags(id, admin.isAdmin);
  const fetchMember = useCallback(() => quietApi.getMember(id, userId), [id, userId]);
  const { load, reload: reloadMember } = useLoad(fetchMember, { enabled: admin.isAdmin });

  const addTag = async (member: MemberView) => {
    const options = tags.filter((t) => !member.tags.some((held) => held.id === t.id));
    if (options.length === 0) return;
    const index = await chooseAction(options.map((t) => t.name));
    if (index === null) return;
    try {
      await api.bulkTagMembers(id, { userIds: [userId], add: [options[index].id] });
      toastDone('已添加');
      await reloadMember();
    } catch {
      // Toasted by the http layer.
    }
  };

  const removeTag = async (tagId: string, name: string) => {
    if (!(await confirm({ title: '移除标签', content: `确定移除「${name}」吗？`, confirmText: '移除', danger: true })))
      return;
    try {
      await api.bulkTagMembers(id, { userIds: [userId], remove: [tagId] });
      toastDone('已移除');
      await reloadMember();
    } catch {
      // Toasted by the http layer.
    }
  };

  let body;
  if (load.status === 'loading') body = <LoadingState />;
  else if (load.status === 'error') body = <ErrorState message={load.message} onRetry={() => void reloadMember()} />;
  else {
    const m = load.data;
    body = (
      <View>
        <View className='qz-card qz-member-row'>
          <Avatar url={m.avatarUrl} nickname={m.nickname} />
          <View className='qz-member-row__body'>
            <Text className='qz-member-row__name qz-member-detail-name'>{m.nickname}</Text>
            <Text className='qz-member-row__meta'>
              {roleLabel[m.role]} · {memberStatusLabel[m.status]}
              {m.joinedAt ? ` · ${chinaTime(m.joinedAt)} 加入` : ''}
            </Text>
            <Text className='qz-member-row__meta qz-member-detail-via'>
              {m.via.channel ? `来源渠道：${m.via.channel}` : m.via.inviteCode ? '通过邀请加入' : '直接加入'}
            </Text>
          </View>
        </View>
        <Engagement circleId={id} userId={userId} />
        <View className='qz-card'>
          <Text className='qz-section-title'>标签</Text>
          {m.tags.length === 0 ? (
            <Text className='qz-invite-row__meta qz-member-detail-no-tags'>还没有标签</Text>
          ) : null}
          {m.tags.map((t) => (
            <View key={t.id} className='qz-tag-row qz-member-detail-tag' data-tag={t.name}>
              <Text className='qz-tag-dot' style={{ background: t.color }} />
              <View className='qz-tag-row__name'>
                <Text className='qz-member-tag-name'>{t.name}</Text>
                <Text className='qz-invite-row__meta qz-member-tag-source'>
                  {tagSourceText(t)} · {chinaTime(t.at)}
                </Text>
              </View>
              <Button
                className='qz-btn qz-btn--plain qz-btn--small qz-member-tag-remove'
                onClick={() => void removeTag(t.id, t.name)}
              >
                移除
              </Button>
            </View>
          ))}
          <Button className='qz-btn qz-btn--ghost qz-member-tag-add' onClick={() => void addTag(m)}>
            添加标签
          </Button>
        </View>
      </View>
    );
  }
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      {body}
    </AdminGate>
  );
}

export default function MemberDetailPage() {
  const { userId } = useRouter().params;
  return (
    <View className='qz-page qz-admin-member'>
      <RequireLogin>
        {userId ? <MemberDetail userId={userId} /> : <ErrorState message='请从成员列表进入' />}
      </RequireLogin>
    </View>
  );
}
