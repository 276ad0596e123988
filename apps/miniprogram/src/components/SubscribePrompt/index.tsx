import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { askForSubscriptions, canAskForSubscriptions } from '../../services/subscriptions';
import { toastDone, toastText } from '../../utils/confirm';
import './index.css';

export interface SubscribePromptProps {
  /** Why a reminder helps here, e.g. 活动提醒、审核结果第一时间通知你. */
  hint: string;
  className?: string;
}

/**
 * 开启微信提醒: asks for WeChat subscribe messages on the member's tap (weapp only, with
 * templates configured; renders nothing elsewhere). Hidden once the member has answered.
 */
export function SubscribePrompt({ hint, className }: SubscribePromptProps) {
  const [answered, setAnswered] = useState(false);
  if (answered || !canAskForSubscriptions()) return null;

  const ask = async () => {
    const accepted = await askForSubscriptions();
    setAnswered(true);
    if (accepted > 0) toastDone('已开启提醒');
    else toastText('未开启提醒，可在通知设置中开启');
  };

  return (
    <View className={`qz-card qz-subscribe ${className ?? ''}`}>
      <View className='qz-subscribe__text'>
        <Text className='qz-subscribe__title'>开启微信提醒</Text>
        <Text className='qz-subscribe__hint'>{hint}</Text>
      </View>
      <Button className='qz-btn qz-btn--primary qz-btn--small qz-subscribe__btn' onClick={() => void ask()}>
        开启
      </Button>
    </View>
  );
}
