import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { createApiClient, type UserView } from '@quanzi/contract';
import { platform, type LoginInput } from '../platform';
import { bindSession, createTransport } from './http';

/** The one auth store: token + current user, persisted with Taro storage. */

export interface AuthState {
  token: string | null;
  user: UserView | null;
  /** A login request is in flight. */
  loggingIn: boolean;
}

const STORAGE_KEY = 'quanzi.session';

interface StoredSession {
  token: string;
  user: UserView | null;
}

function isStoredSession(value: unknown): value is StoredSession {
  return typeof value === 'object' && value !== null && typeof (value as StoredSession).token === 'string';
}

function restore(): AuthState {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (isStoredSession(stored)) return { token: stored.token, user: stored.user ?? null, loggingIn: false };
  } catch {
    // Unreadable storage means logged out.
  }
  return { token: null, user: null, loggingIn: false };
}

let state: AuthState = restore();
const listeners = new Set<() => void>();

function setState(patch: Partial<AuthState>): void {
  state = { ...state, ...patch };
  if (state.token) {
    const stored: StoredSession = { token: state.token, user: state.user };
    Taro.setStorageSync(STORAGE_KEY, stored);
  } else {
    Taro.removeStorageSync(STORAGE_KEY);
  }
  listeners.forEach((listener) => listener());
}

let pendingLogin: Promise<UserView | null> | null = null;

async function doLogin(input: LoginInput | undefined, toast: boolean): Promise<UserView | null> {
  setState({ loggingIn: true });
  try {
    const proof = await platform.login(input);
    if (!proof) {
      setState({ loggingIn: false });
      return null;
    }
    // Login routes take no token, and a 401 from them must not trigger another login.
    const client = createApiClient(createTransport({ auth: false, toast }));
    const res = proof.kind === 'wechat' ? await client.loginWechat(proof.body) : await client.loginDev(proof.body);
    setState({ token: res.token, user: res.user, loggingIn: false });
    return res.user;
  } catch (err) {
    setState({ loggingIn: false });
    throw err;
  }
}

export const auth = {
  getState: (): AuthState => state,

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },

  isLoggedIn: (): boolean => state.token !== null,

  /**
   * Logs in through the platform adapter (weapp: wx.login; h5: dev login with `input.nickname`).
   * Concurrent calls share one request. Resolves null when the platform needs user input first.
   */
  login(input?: LoginInput, options: { toast?: boolean } = {}): Promise<UserView | null> {
    if (!pendingLogin) {
      pendingLogin = doLogin(input, options.toast !== false).finally(() => {
        pendingLogin = null;
      });
    }
    return pendingLogin;
  },

  /** Keeps the cached user in step after a profile load or save. */
  setUser(user: UserView): void {
    if (state.token) setState({ user });
  },

  logout(): void {
    platform.logout();
    setState({ token: null, user: null, loggingIn: false });
  },
};

bindSession({
  token: () => state.token,
  async relogin() {
    const hadToken = state.token !== null;
    try {
      const user = await auth.login(undefined, { toast: false });
      if (user) return true;
    } catch {
      // Fall through: the session is gone.
    }
    if (hadToken) setState({ token: null, user: null, loggingIn: false });
    return false;
  },
});

/** Subscribes a component to the auth store. */
export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, auth.getState, auth.getState);
}
