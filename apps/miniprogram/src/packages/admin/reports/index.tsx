import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { ReportAction, ReportStatus, ReportView } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { ImageGrid } from '../../../components/ImageGrid';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { CircleEvents } from '../../../services/circles';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { timeAgo } from '../../../utils/format';
import { AdminGate } from '../../../components/AdminGate';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';

const STATUS_OPTIONS: ChipOption<ReportStatus>[] = [
  { value: 'open', label: '待处理' },
  { value: 'resolved', label: '已处理' },
];

const RESOLUTION_LABEL: Record<ReportAction, string> = { dismiss: '已忽略', remove: '已删除动态' };

function Reports({ id }: { id: string }) {
  const admin = useAdminCircle();
  const [status, setStatus] = useState<ReportStatus>('open');
  const fetchPage = useCallback((cursor?: string) => quietApi.listReports(id, { status, cursor }), [id, status]);
  const list = usePagedList(fetchPage, admin.isAdmin);
  const [busyId, setBusyId] = useState<string | null>(null);
  useListPage(list, admin.reload);

  const resolve = async (report: ReportView, action: ReportAction) => {
    const ok =
      action === 'remove'
        ? await confirm({
            title: '删除动态',
            content: '删除后所有人都看不到这条动态，该动态的其他举报也会一并处理。',
            confirmText: '删除',
            danger: true,
          })
        : await confirm({
            title: '忽略举报',
            content: '动态将保留，该动态的其他举报也会一并处理。',
            confirmText: '忽略',
          });
    if (!ok) return;
    setBusyId(report.id);
    try {
      await api.resolveReport(report.id, { action });
      // Resolving closes every open report on the same post.
      list.update((items) => items.filter((r) => r.post.id !== report.post.id));
      if (action === 'remove') Taro.eventCenter.trigger(CircleEvents.postDeleted, report.post.id);
      toastDone(action === 'remove' ? '已删除动态' : '已忽略');
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
  else if (list.items.length === 0) {
    body = (
      <EmptyState
        className='qz-reports-empty'
        glyph='举'
        title={status === 'open' ? '没有待处理的举报' : '还没有处理过的举报'}
        hint='圈友举报的动态会出现在这里。'
      />
    );
  } else {
    body = (
      <View className='qz-reports-list'>
        {list.items.map((r) => (
          <View key={r.id} className='qz-card qz-report' data-report-id={r.id}>
            <Text className='qz-report__reason qz-report-reason'>{r.reason}</Text>
            <Text className='qz-report__meta'>
              {r.reporter.nickname} 举报于 {timeAgo(r.createdAt)}
              {r.resolution ? ` · ${RESOLUTION_LABEL[r.resolution]}` : ''}
            </Text>
            <View className='qz-report__post'>
              <Text className='qz-report__post-author'>{r.post.author.nickname}：</Text>
              <Text>{r.post.deleted ? '（动态已删除）' : r.post.text}</Text>
              {r.post.deleted ? null : <ImageGrid images={r.post.images} />}
            </View>
            {r.status === 'open' ? (
              <View className='qz-report__actions'>
                <Button
                  className='qz-btn qz-btn--plain qz-btn--small qz-report-dismiss'
                  disabled={busyId === r.id}
                  onClick={() => void resolve(r, 'dismiss')}
                >
                  忽略
                </Button>
                {r.post.deleted ? null : (
                  <Button
                    className='qz-btn qz-btn--danger qz-btn--small qz-report-remove'
                    disabled={busyId === r.id}
                    onClick={() => void resolve(r, 'remove')}
                  >
                    删除动态
                  </Button>
                )}
              </View>
            ) : null}
          </View>
        ))}
        <PagedListFooter list={list} />
      </View>
    );
  }

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <Chips className='qz-report-filter' options={STATUS_OPTIONS} value={status} onChange={setStatus} />
      {body}
    </AdminGate>
  );
}

export default function ReportsPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-reports-page'>
      <RequireLogin>{id ? <Reports id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
