import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { auth, useAuth } from '../../services/auth';
import { errorMessage } from '../../services/http';
import type { LoginPanelProps } from './types';
import './index.css';

export type { LoginPanelProps } from './types';

/** The app logs in silently at launch; this is the retry when that did not work. */
export function LoginPanel({ onLoggedIn }: LoginPanelProps) {
  const { loggingIn } = useAuth();
  const [error, setError] = useState<string | null>(null);

  const login = async () => {
    setError(null);
    try {
      const user = await auth.login(undefined, { toast: false });
      if (user) onLoggedIn?.(user);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <View className='qz-card qz-login'>
      <Text className='qz-login__title'>{loggingIn ? '正在登录…' : '登录圈子'}</Text>
      <Text className='qz-login__hint'>登录后可以加入圈子、报名活动、参与投票。</Text>
      {error ? <Text className='qz-form-error qz-login-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-login-submit ${loggingIn ? 'qz-btn--busy' : ''}`}
        loading={loggingIn}
        disabled={loggingIn}
        onClick={() => void login()}
      >
        微信一键登录
      </Button>
    </View>
  );
}
