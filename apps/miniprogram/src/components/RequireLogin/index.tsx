import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { LoginPanel } from '../LoginPanel';
import { useAuth } from '../../services/auth';

/** Renders the children for a signed-in member, the platform's login panel otherwise. */
export function RequireLogin({ children }: PropsWithChildren) {
  const { token } = useAuth();
  if (!token) {
    return (
      <View className='qz-require-login'>
        <LoginPanel />
      </View>
    );
  }
  return <>{children}</>;
}
