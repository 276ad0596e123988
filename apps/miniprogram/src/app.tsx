import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { platform } from './platform';
import { auth } from './services/auth';
import { privacyGate } from './services/privacy';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Privacy APIs wait on the member's consent, asked by the page's PrivacySheet.
    platform.watchPrivacy((resolve) => privacyGate.onNeed(resolve));
    // Where login needs no typing (weapp), log in right away so pages open signed in.
    if (!platform.needsLoginForm && !auth.isLoggedIn()) {
      auth.login(undefined, { toast: false }).catch(() => undefined);
    }
  });

  // children are the pages Taro renders.
  return <>{children}</>;
}

export default App;
