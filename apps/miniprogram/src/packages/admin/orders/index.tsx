import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { OrderStatusLabels, type CircleOrderView, type OrderStatus, type RefundOrderRequest } from '@quanzi/contract';
import { Chips, type ChipOption } from '../../../components/Chips';
import { EmptyState } from '../../../components/EmptyState';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState, PagedListFooter, LoadingState } from '../../../components/Status';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { api, quietApi } from '../../../services/http';
import { toastDone } from '../../../utils/confirm';
import { timeAgo } from '../../../utils/format';
import { AdminGate } from '../../../components/AdminGate';
import { RefundForm, yuan } from '../components/RefundForm';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';

type Filter = 'all' | OrderStatus;
const FILTERS: ChipOption<Filter>[] = [
  { value: 'all', label: '全部' },
  ...(['paid', 'refunding', 'partially_refunded', 'refunded', 'created', 'closed'] as const).map((s) => ({
    value: s,
    label: OrderStatusLabels[s],
  })),
];
const REFUNDABLE: OrderStatus[] = ['paid', 'partially_refunded'];

function Orders({ id }: { id: string }) {
  const admin = useAdminCircle();
  const [filter, setFilter] = useState<Filter>('all');
  const fetchPage = useCallback(
    (cursor?: string) => quietApi.listCircleOrders(id, { status: filter === 'all' ? undefined : filter, cursor }),
    [id, filter],
  );
  const list = usePagedList(fetchPage, admin.isAdmin);
  useListPage(list, admin.reload);
  const [openId, setOpenId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refund = async (order: CircleOrderView, body: RefundOrderRequest) => {
    setBusy(true);
    try {
      const updated = await api.refundOrder(order.id, body);
      list.update((items) => items.map((o) => (o.id === order.id ? { ...updated, payer: o.payer } : o)));
      setOpenId(null);
      toastDone(updated.status === 'refunding' ? '退款处理中' : '已退款');
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (list.status === 'loading') body = <LoadingState />;
  else if (list.status === 'error')
    body = <ErrorState message={list.error ?? ''} onRetry={() => void list.refresh()} />;
  else if (list.items.length === 0)
    body = (
      <EmptyState className='qz-orders-empty' glyph='单' title='还没有订单' hint='付费活动的门票订单会出现在这里。' />
    );
  else
    body = (
      <View className='qz-orders-list'>
        {list.items.map((o) => (
          <View key={o.id} className='qz-card qz-report qz-order' data-order-id={o.id}>
            <Text className='qz-report__reason'>{o.description}</Text>
            <Text className='qz-report__meta'>
              {o.payer.nickname} · {yuan(o.amountFen)} · {timeAgo(o.createdAt)}
            </Text>
            <Text className={`qz-report__meta qz-order-status qz-order-status--${o.status}`}>
              {OrderStatusLabels[o.status]}
              {o.refundedFen > 0 ? ` · 已退 ${yuan(o.refundedFen)}` : ''}
            </Text>
            {o.refunds.map((r) => (
              <Text key={r.outRefundNo} className='qz-report__meta'>
                退款 {yuan(r.amountFen)}：{r.reason}
              </Text>
            ))}
            {openId === o.id ? (
              <RefundForm order={o} busy={busy} onCancel={() => setOpenId(null)} onSubmit={(b) => void refund(o, b)} />
            ) : REFUNDABLE.includes(o.status) ? (
              <View className='qz-report__actions'>
                <Button className='qz-btn qz-btn--danger qz-btn--small qz-order-refund' onClick={() => setOpenId(o.id)}>
                  退款
                </Button>
              </View>
            ) : null}
          </View>
        ))}
        <PagedListFooter list={list} />
      </View>
    );

  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      <Chips className='qz-order-filter' options={FILTERS} value={filter} onChange={setFilter} />
      {body}
    </AdminGate>
  );
}

export default function OrdersPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-orders-page'>
      <RequireLogin>{id ? <Orders id={id} /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  );
}
