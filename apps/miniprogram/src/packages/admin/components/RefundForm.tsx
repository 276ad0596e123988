import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CircleOrderView, RefundOrderRequest } from '@quanzi/contract';
import { confirm, toastText } from '../../../utils/confirm';

export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** '19.9' → 1990 分; NaN when it is not an amount with at most two decimals. */
export function fenOf(text: string): number {
  const t = text.trim();
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : NaN;
}

export interface RefundFormProps {
  order: CircleOrderView;
  busy: boolean;
  onCancel(): void;
  onSubmit(body: RefundOrderRequest): void;
}

/** Amount (default: all that is left) and reason, then a confirmation naming the payer and the sum. */
export function RefundForm({ order, busy, onCancel, onSubmit }: RefundFormProps) {
  const remaining = order.amountFen - order.refundedFen;
  const [amount, setAmount] = useState((remaining / 100).toFixed(2));
  const [reason, setReason] = useState('');

  const submit = async () => {
    const fen = fenOf(amount);
    if (!(fen >= 1 && fen <= remaining)) return toastText(`退款金额应在 ¥0.01–${yuan(remaining)} 之间`);
    if (!reason.trim()) return toastText('请填写退款原因');
    const ok = await confirm({
      title: '确认退款',
      content: `将向 ${order.payer.nickname} 退还 ${yuan(fen)}${fen === remaining && order.refundedFen === 0 ? '，门票随之取消' : ''}。退款后无法撤回。`,
      confirmText: '退款',
      danger: true,
    });
    if (ok) onSubmit({ amountFen: fen, reason: reason.trim() });
  };

  return (
    <View className='qz-refund-form'>
      <Text className='qz-form-label'>退款金额（元，最多 {yuan(remaining)}）</Text>
      <Input
        className='qz-input qz-refund-amount'
        type='digit'
        value={amount}
        onInput={(e) => setAmount(e.detail.value)}
      />
      <Text className='qz-form-label'>退款原因</Text>
      <Input
        className='qz-input qz-refund-reason'
        maxlength={80}
        placeholder='例如：活动调整'
        value={reason}
        onInput={(e) => setReason(e.detail.value)}
      />
      <View className='qz-report__actions'>
        <Button className='qz-btn qz-btn--plain qz-btn--small' disabled={busy} onClick={onCancel}>
          取消
        </Button>
        <Button
          className='qz-btn qz-btn--danger qz-btn--small qz-refund-submit'
          disabled={busy}
          onClick={() => void submit()}
        >
          确认退款
        </Button>
      </View>
    </View>
  );
}
