import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Limits } from '@quanzi/contract';
import { auth, useAuth } from '../../services/auth';
import { errorMessage } from '../../services/http';
import type { LoginPanelProps } from './types';
import './index.css';

export type { LoginPanelProps } from './types';

/** H5 has no wx.login: a dev login by nickname (the server maps one nickname to one account). */
export function LoginPanel({ onLoggedIn }: LoginPanelProps) {
  const { loggingIn } = useAuth();
  const [nickname, setNickname] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const name = nickname.trim();
    if (!name) {
      setError('请输入昵称');
      return;
    }
    setError(null);
    try {
      const user = await auth.login({ nickname: name }, { toast: false });
      if (user) onLoggedIn?.(user);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <View className='qz-card qz-login'>
      <Text className='qz-login__title'>登录圈子</Text>
      <Text className='qz-login__hint'>网页版使用昵称登录，同一个昵称对应同一个账号。</Text>
      <Input
        className='qz-input qz-login-nickname'
        name='nickname'
        placeholder='昵称'
        maxlength={Limits.nicknameMax}
        value={nickname}
        onInput={(e) => {
          setNickname(e.detail.value);
          setError(null);
        }}
        onConfirm={() => void submit()}
      />
      {error ? <Text className='qz-form-error qz-login-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-login-submit ${loggingIn ? 'qz-btn--busy' : ''}`}
        loading={loggingIn}
        disabled={loggingIn}
        onClick={() => void submit()}
      >
        登录
      </Button>
    </View>
  );
}
