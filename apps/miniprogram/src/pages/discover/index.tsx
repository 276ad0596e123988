import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useRef, useState } from 'react';
import type { CircleView } from '@quanzi/contract';
import { CircleCard } from '../../components/CircleCard';
import { EmptyState } from '../../components/EmptyState';
import { LoginPanel } from '../../components/LoginPanel';
import { SearchBox } from '../../components/SearchBox';
import { ErrorState, PagedListFooter, LoadingState } from '../../components/Status';
import { useCircleUpdates } from '../../hooks/useCircleUpdates';
import { useListPage } from '../../hooks/useListPage';
import { usePagedList } from '../../hooks/usePagedList';
import { routes } from '../../routes';
import { useAuth } from '../../services/auth';
import { joinFromButton, openCircle } from '../../services/circles';
import { quietApi } from '../../services/http';
import { useUnreadBadge } from '../../services/unread';
import { toastText } from '../../utils/confirm';
import './index.css';

/** 发现: public circles, signed out too (a read-only preview under the login card; joining needs login). */
function DiscoverList() {
  const { token } = useAuth();
  const [q, setQ] = useState('');
  // The token is part of the key: after login the list re-reads with the visitor's memberships.
  const fetchPage = useCallback((cursor?: string) => quietApi.listCircles({ cursor, ...(q ? { q } : {}) }), [q, token]);
  const list = usePagedList(fetchPage, true);
  const [joiningId, setJoiningId] = useState<string | null>(null);
  const hidden = useRef(false);
  useListPage(list);
  useCircleUpdates(list.update);
  // A circle created elsewhere shows up when the tab is shown again.
  useDidShow(() => {
    if (hidden.current && list.status === 'ready') void list.refresh();
    hidden.current = false;
  });
  useDidHide(() => {
    hidden.current = true;
  });

  const join = async (circle: CircleView) => {
    if (!token) return toastText('请先登录');
    setJoiningId(circle.id);
    const next = await joinFromButton(circle);
    setJoiningId(null);
    if (next) list.update((items) => items.map((c) => (c.id === next.id ? next : c)));
  };

  const createButton = (
    <Button
      className='qz-btn qz-btn--ghost qz-discover__create qz-create-circle'
      onClick={() => (token ? void Taro.navigateTo({ url: routes.circleCreate() }) : toastText('请先登录'))}
    >
      + 创建圈子
    </Button>
  );

  const top = (
    <>
      {token ? null : <LoginPanel />}
      <SearchBox className='qz-discover-search' placeholder='搜索圈子名称' onSearch={setQ} />
    </>
  );
  if (list.status === 'loading')
    return (
      <View>
        {top}
        <LoadingState className='qz-discover-loading' />
      </View>
    );
  if (list.status === 'error') {
    return (
      <View>
        {top}
        <ErrorState className='qz-discover-error' message={list.error ?? ''} onRetry={() => void list.refresh()} />
      </View>
    );
  }
  if (list.items.length === 0 && q) {
    return (
      <View>
        {top}
        <EmptyState
          className='qz-discover-no-match'
          glyph='搜'
          title={`没有找到名称含「${q}」的圈子`}
          hint='换个关键词试试。隐藏的圈子只能通过邀请链接进入。'
        />
      </View>
    );
  }
  if (list.items.length === 0) {
    return (
      <View>
        {top}
        <EmptyState
          className='qz-discover-empty'
          glyph='探'
          title='还没有圈子'
          hint='圈主创建的圈子会出现在这里。收到了好友的邀请？打开邀请链接就能直接加入。'
        />
        {createButton}
      </View>
    );
  }
  return (
    <View className='qz-discover-list'>
      {top}
      <View className='qz-discover__head'>
        <Text className='qz-section-title'>发现圈子</Text>
        {createButton}
      </View>
      {list.items.map((circle) => (
        <CircleCard
          key={circle.id}
          circle={circle}
          joining={joiningId === circle.id}
          onOpen={(c) => openCircle(c.id)}
          onJoin={(c) => void join(c)}
        />
      ))}
      <PagedListFooter list={list} />
    </View>
  );
}

export default function DiscoverPage() {
  useUnreadBadge();
  return (
    <View className='qz-page qz-discover'>
      <DiscoverList />
    </View>
  );
}
