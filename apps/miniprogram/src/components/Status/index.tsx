import { Button, Text, View } from '@tarojs/components';
import type { PagedList } from '../../hooks/usePagedList';
import './index.css';

export interface LoadingStateProps {
  className?: string;
  text?: string;
}

/** First load of a page or section. */
export function LoadingState({ className, text = '加载中…' }: LoadingStateProps) {
  return (
    <View className={`qz-status qz-loading ${className ?? ''}`}>
      <View className='qz-status__spinner' />
      <Text className='qz-status__text'>{text}</Text>
    </View>
  );
}

export interface ErrorStateProps {
  message: string;
  title?: string;
  onRetry?: () => void;
  className?: string;
}

/** A load that failed, with 重试. */
export function ErrorState({ message, title = '加载失败', onRetry, className }: ErrorStateProps) {
  return (
    <View className={`qz-status qz-error-state ${className ?? ''}`}>
      <Text className='qz-status__title'>{title}</Text>
      <Text className='qz-status__text'>{message}</Text>
      {onRetry ? (
        <Button className='qz-btn qz-btn--ghost qz-status__action qz-retry' onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  );
}

export interface ListFooterProps {
  count: number;
  loadingMore: boolean;
  moreFailed: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  /** Hidden when the list is empty (the page shows its empty state instead). */
  endText?: string;
}

/** Bottom of an infinite list: loading, a retry after a failed page, or the end. */
export function ListFooter({
  count,
  loadingMore,
  moreFailed,
  hasMore,
  onLoadMore,
  endText = '没有更多了',
}: ListFooterProps) {
  if (count === 0) return null;
  if (loadingMore) return <Text className='qz-list-footer qz-list-loading'>加载中…</Text>;
  if (moreFailed) {
    return (
      <Text className='qz-list-footer qz-list-retry' onClick={onLoadMore}>
        加载失败，点击重试
      </Text>
    );
  }
  if (hasMore) {
    return (
      <Text className='qz-list-footer qz-list-more' onClick={onLoadMore}>
        加载更多
      </Text>
    );
  }
  return <Text className='qz-list-footer qz-list-end'>{endText}</Text>;
}

/** The footer of a `usePagedList` list. */
export function PagedListFooter({ list, endText }: { list: PagedList<unknown>; endText?: string }) {
  return (
    <ListFooter
      count={list.items.length}
      loadingMore={list.loadingMore}
      moreFailed={list.moreFailed}
      hasMore={list.hasMore}
      onLoadMore={() => void list.loadMore()}
      endText={endText}
    />
  );
}
