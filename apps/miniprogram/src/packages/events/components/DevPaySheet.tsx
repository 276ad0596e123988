import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { DevCheckoutParams } from '@quanzi/contract';
import { api } from '../../../services/http';
import { priceLabel } from '../services/format';

export interface DevPaySheetProps {
  checkout: DevCheckoutParams;
  /** Called after the simulated payer paid (true) or gave up (false). */
  onDone: (paid: boolean) => void;
}

/** 模拟支付: the development gateway's checkout (PAYMENT_GATEWAY=dev), standing in for WeChat Pay. */
export function DevPaySheet({ checkout, onDone }: DevPaySheetProps) {
  const [busy, setBusy] = useState(false);
  const act = async (paid: boolean) => {
    setBusy(true);
    try {
      if (paid) await api.devConfirmPayment(checkout.orderId);
      else await api.devCancelPayment(checkout.orderId);
      onDone(paid);
    } catch {
      // Toasted by the http layer.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='qz-card qz-dev-pay'>
      <Text className='qz-ev-card__title'>模拟支付</Text>
      <Text className='qz-ev-row__hint'>开发环境：不会产生真实扣款</Text>
      <Text className='qz-ev-row__hint'>{checkout.description}</Text>
      <Text className='qz-ev-card__title qz-dev-pay__amount'>{priceLabel(checkout.amountFen)}</Text>
      <View className='qz-ev-actions'>
        <Button className='qz-btn qz-btn--ghost' disabled={busy} onClick={() => void act(false)}>
          取消支付
        </Button>
        <Button className='qz-btn qz-dev-pay__confirm' disabled={busy} onClick={() => void act(true)}>
          确认支付
        </Button>
      </View>
    </View>
  );
}
