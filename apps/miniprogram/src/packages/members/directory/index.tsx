import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { Avatar } from '../../../components/Avatar';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, LoadingState, PagedListFooter } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { quietApi } from '../../../services/http';
import { chinaTime } from '../../../services/invites';
import './index.css';

/** 成员名录 (members, when the owner enabled it): nickname, avatar and join time only. */
function Directory({ circleId }: { circleId: string }) {
  const fetchPage = useCallback((cursor?: string) => quietApi.circleDirectory(circleId, { cursor }), [circleId]);
  const list = usePagedList(fetchPage, true);
  useListPage(list);

  if (list.status === 'loading') return <LoadingState className='qz-directory-loading' />;
  if (list.status === 'error')
    return <ErrorState className='qz-directory-error' message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  if (list.items.length === 0)
    return (
      <EmptyState className='qz-directory-empty' glyph='员' title='还没有成员' hint='邀请好友加入后会出现在这里。' />
    );
  return (
    <View className='qz-card qz-directory'>
      {list.items.map((m) => (
        <View key={m.userId} className='qz-directory__row qz-directory-member'>
          <Avatar url={m.avatarUrl} nickname={m.nickname} />
          <View className='qz-directory__who'>
            <Text className='qz-directory__name qz-directory-name'>{m.nickname}</Text>
            {m.joinedAt ? <Text className='qz-directory__meta'>{chinaTime(m.joinedAt).slice(0, 10)} 加入</Text> : null}
          </View>
        </View>
      ))}
      <PagedListFooter list={list} />
    </View>
  );
}

export default function DirectoryPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-directory-page'>
      <RequireLogin>{id ? <Directory circleId={id} /> : <ErrorState message='请从圈子主页进入' />}</RequireLogin>
    </View>
  );
}
