import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { PRIVACY_AGREE_BUTTON_ID, privacyGate } from '../../services/privacy';
import './index.css';

const DEFAULT_CONTRACT = '《用户隐私保护指引》';

/**
 * The sheet WeChat's privacy gate needs: shown while a privacy API waits for the member's
 * consent (see services/privacy.ts); agreeing goes through WeChat's own agree button.
 */
export function PrivacySheet() {
  const [open, setOpen] = useState(privacyGate.isOpen());
  const [contract, setContract] = useState(DEFAULT_CONTRACT);

  useEffect(() => privacyGate.subscribe(setOpen), []);

  useEffect(() => {
    if (!open) return;
    privacyGate.exposed();
    Taro.getPrivacySetting({
      success: (res) => {
        if (res.privacyContractName) setContract(res.privacyContractName);
      },
    });
  }, [open]);

  if (!open) return null;

  const decline = () => {
    privacyGate.decline();
    void Taro.showToast({ title: '未同意隐私保护指引，该功能暂不可用', icon: 'none' });
  };

  return (
    <View className='qz-privacy'>
      <View className='qz-privacy__mask' onClick={decline} />
      <View className='qz-privacy__sheet'>
        <Text className='qz-privacy__title'>用户隐私保护提示</Text>
        <Text className='qz-privacy__body'>
          使用此功能前，请阅读并同意
          <Text className='qz-privacy__link' onClick={() => Taro.openPrivacyContract({})}>
            {contract}
          </Text>
          。不同意时，浏览圈子、动态和活动等不受影响。
        </Text>
        <View className='qz-privacy__actions'>
          <Button className='qz-btn qz-btn--ghost qz-privacy__decline' onClick={decline}>
            不同意
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className='qz-btn qz-btn--primary qz-privacy__agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => privacyGate.agree()}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  );
}
