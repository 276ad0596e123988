import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { MemberView } from '@quanzi/contract';
import { Avatar } from '../../../components/Avatar';
import { memberStatusLabel, roleLabel, timeAgo } from '../../../utils/format';
import { MemberTags } from './MemberTags';

export interface MemberRowProps {
  member: MemberView;
  actions?: ReactNode;
  /** Shown before the avatar (e.g. a selection check in bulk mode). */
  leading?: ReactNode;
  onOpen?: () => void;
}

/** One member: avatar, nickname, role, status, when they joined or asked, and where they came from. */
export function MemberRow({ member, actions, leading, onOpen }: MemberRowProps) {
  const when =
    member.status === 'active' && member.joinedAt
      ? `${timeAgo(member.joinedAt)}加入`
      : `${timeAgo(member.requestedAt)}申请`;
  const via = member.via.channel ? ` · 渠道 ${member.via.channel}` : member.via.inviteCode ? ' · 邀请加入' : '';
  return (
    <View className='qz-card qz-member-row qz-member' data-user-id={member.userId}>
      {leading}
      <Avatar url={member.avatarUrl} nickname={member.nickname} />
      <View className='qz-member-row__body' onClick={onOpen}>
        <View className='qz-member-row__name-row'>
          <Text className='qz-member-row__name qz-member-name'>{member.nickname}</Text>
          {member.role !== 'member' ? (
            <Text className='qz-badge qz-badge--brand qz-member-role'>{roleLabel[member.role]}</Text>
          ) : null}
          {member.status !== 'active' ? (
            <Text className='qz-badge qz-member-status'>{memberStatusLabel[member.status]}</Text>
          ) : null}
        </View>
        <Text className='qz-member-row__meta'>
          {when}
          {via}
        </Text>
        {member.segment ? (
          <Text className='qz-member-row__meta qz-member-engagement'>
            {member.segment} · 活跃度 {member.score ?? 0}
          </Text>
        ) : null}
        <MemberTags tags={member.tags} />
      </View>
      {actions ? <View className='qz-member-row__actions'>{actions}</View> : null}
    </View>
  );
}
