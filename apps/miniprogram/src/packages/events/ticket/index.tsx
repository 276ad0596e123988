import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import {
  OrderStatusLabels,
  RegistrationStatusLabels,
  type DevCheckoutParams,
  type EventView,
  type OrderView,
} from '@quanzi/contract';
import { RequireLogin } from '../../../components/RequireLogin';
import { platform } from '../../../platform';
import { SubscribePrompt } from '../../../components/SubscribePrompt';
import { ErrorState, LoadingState } from '../../../components/Status';
import { routes } from '../../../routes';
import { useAuth } from '../../../services/auth';
import { api, quietApi } from '../../../services/http';
import { confirm, toastDone } from '../../../utils/confirm';
import { DevPaySheet } from '../components/DevPaySheet';
import { QrCode } from '../components/QrCode';
import { eventRange, eventTime, priceLabel } from '../services/format';
import { useLoad } from '../../../hooks/useLoad';
import '../components/events.css';

const HINT: Record<string, string> = {
  pending_approval: '报名已提交，等待管理员审核',
  pending_payment: '名额已为你保留，请在时限内完成支付',
  waitlisted: '名额已满，你在候补名单中，有人退出时按顺序递补',
  cancelled: '这张门票已取消',
  rejected: '报名未通过审核',
  expired: '未在时限内支付，名额已释放',
};

/** What the ticket is for: the event's title, time and place (or its link, for holders of online events). */
function EventHeader({ eventId }: { eventId: string }) {
  const [event, setEvent] = useState<EventView | null>(null);
  useEffect(() => {
    quietApi.getEvent(eventId).then(setEvent, () => setEvent(null));
  }, [eventId]);
  if (!event) return null;
  return (
    <View className='qz-card qz-ticket-event'>
      <Text className='qz-ev-card__title qz-ticket-event-title'>{event.title}</Text>
      <Text className='qz-ev-row__hint'>{eventRange(event)}</Text>
      <Text className='qz-ev-row__hint'>
        {event.mode === 'online'
          ? event.onlineUrl
            ? `线上活动 · ${event.onlineUrl}`
            : '线上活动'
          : (event.location ?? '')}
      </Text>
    </View>
  );
}

/** The ticket's payment state (已支付 / 已退款 …), for priced tickets that have an order. */
function PaymentState({ registrationId, version }: { registrationId: string; version: number }) {
  const [order, setOrder] = useState<OrderView | null>(null);
  useEffect(() => {
    quietApi.registrationOrder(registrationId).then(setOrder, () => setOrder(null));
  }, [registrationId, version]);
  if (!order || order.status === 'created' || order.status === 'closed') return null;
  const refunded = order.refundedFen > 0 ? ` · 已退 ${priceLabel(order.refundedFen)}` : '';
  return (
    <Text className={`qz-ev-row__hint qz-ticket-payment qz-ticket-payment--${order.status}`}>
      {OrderStatusLabels[order.status]}
      {refunded}
    </Text>
  );
}

function Ticket({ id }: { id: string }) {
  const { token } = useAuth();
  const fetch = useCallback(() => quietApi.getRegistration(id), [id]);
  const { load, reload, set } = useLoad(fetch, { enabled: token !== null, keepOnError: true });
  const [checkout, setCheckout] = useState<DevCheckoutParams | null>(null);
  const [version, setVersion] = useState(0);
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  if (load.status === 'loading') return <LoadingState />;
  if (load.status === 'error') return <ErrorState message={load.message} onRetry={() => void reload()} />;
  const r = load.data;
  const cancellable = ['pending_approval', 'pending_payment', 'confirmed', 'waitlisted'].includes(r.status);

  const cancel = async () => {
    const ok = await confirm({
      title: '取消报名',
      content: '取消后名额会让给候补的圈友，且无法恢复。确定取消吗？',
      confirmText: '取消报名',
      danger: true,
    });
    if (!ok) return;
    try {
      set(await api.cancelRegistration(r.id));
      toastDone('已取消');
    } catch {
      // Toasted by the http layer.
    }
  };

  const pay = async () => {
    try {
      const start = await api.payRegistration(r.id);
      if (start.provider === 'dev' && start.params) setCheckout(start.params as unknown as DevCheckoutParams);
      else if (start.provider === 'wechat' && start.params && start.orderId) {
        const result = await platform.requestPayment(start.params);
        if (result === 'unsupported') void Taro.showToast({ title: '请在微信中打开以完成支付', icon: 'none' });
        // The cashier's word is not trusted: reading the order makes the server ask WeChat Pay.
        const order = await quietApi.getOrder(start.orderId).catch(() => null);
        if (order?.status === 'paid') toastDone('支付成功');
        setVersion((v) => v + 1);
        await reload();
      } else if (start.status === 'paid') set(start.registration);
      else void Taro.showToast({ title: '暂不支持该支付方式', icon: 'none' });
    } catch {
      // Toasted by the http layer.
    }
  };
  const paid = async (ok: boolean) => {
    setCheckout(null);
    if (ok) toastDone('支付成功');
    setVersion((v) => v + 1);
    await reload();
  };

  return (
    <View>
      <EventHeader eventId={r.eventId} />
      <View className='qz-card qz-ev-ticket'>
        <Text className='qz-ev-card__title'>{r.ticketTypeName}</Text>
        <Text className='qz-ev-row__hint'>
          {r.holder.nickname} · {priceLabel(r.priceFen)}
        </Text>
        {r.ticketCode ? <QrCode text={r.ticketCode} size={260} className='qz-ticket-qr' /> : null}
        <Text className={`qz-ev-ticket__status qz-ticket-status qz-ticket-status--${r.status}`}>
          {RegistrationStatusLabels[r.status]}
        </Text>
        {r.status === 'confirmed' ? <Text className='qz-ev-row__hint'>入场时向签到员出示二维码</Text> : null}
        {r.status === 'checked_in' && r.checkedInAt ? (
          <Text className='qz-ev-row__hint'>签到时间 {eventTime(r.checkedInAt)}</Text>
        ) : null}
        {HINT[r.status] ? <Text className='qz-ev-row__hint'>{HINT[r.status]}</Text> : null}
        {r.status === 'pending_payment' && r.holdExpiresAt ? (
          <Text className='qz-ev-row__hint'>请于 {eventTime(r.holdExpiresAt)} 前支付</Text>
        ) : null}
        {r.priceFen > 0 ? <PaymentState registrationId={r.id} version={version} /> : null}
        {r.ticketCode ? <Text className='qz-ev-ticket__code qz-ticket-code'>{r.ticketCode}</Text> : null}
      </View>
      {checkout ? <DevPaySheet checkout={checkout} onDone={(ok) => void paid(ok)} /> : null}
      {cancellable ? <SubscribePrompt hint='审核结果、活动变动和开始前提醒会通过微信通知你' /> : null}
      <View className='qz-ev-actions'>
        <Button
          className='qz-btn qz-btn--ghost'
          onClick={() => void Taro.navigateTo({ url: routes.eventDetail({ id: r.eventId }) })}
        >
          查看活动
        </Button>
        {r.status === 'pending_payment' && !checkout ? (
          <Button className='qz-btn qz-ticket-pay' onClick={() => void pay()}>
            立即支付
          </Button>
        ) : null}
        {cancellable ? (
          <Button className='qz-btn qz-btn--danger qz-ticket-cancel' onClick={() => void cancel()}>
            取消报名
          </Button>
        ) : null}
      </View>
    </View>
  );
}

export default function TicketPage() {
  const { params } = useRouter();
  return (
    <View className='qz-page qz-ticket-page'>
      <RequireLogin>{params.id ? <Ticket id={params.id} /> : <ErrorState message='缺少门票参数' />}</RequireLogin>
    </View>
  );
}
