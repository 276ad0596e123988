import { startFakeWechat, type FakeWechatOptions } from '../fakes/wechat-fake';
import { apiClient, sendRaw, type ApiClient } from './api-client';
import { defaultBootTimeoutMs, startServerProcess, type ServerProcess } from './server-process';
import { suiteStatus } from './status';

export type FakeWechat = Awaited<ReturnType<typeof startFakeWechat>>;

export interface StackOptions {
  label: string;
  /** Extra server environment; `undefined` removes an inherited variable. */
  env?: Record<string, string | undefined>;
  /** Options of the fake WeChat APIs (e.g. brandApps). */
  wechat?: FakeWechatOptions;
}

/** One running product: the fake WeChat APIs (in this process) and the built server (a child). */
export interface Stack {
  server: ServerProcess;
  wechat: FakeWechat;
  baseUrl: string;
  /** The contract client without a token. */
  api: ApiClient;
  /** The contract client acting as the holder of `token`. */
  as(token: string): ApiClient;
  /** Moves the server's clock forward (needs `env: { TEST_CLOCK: '1' }`): tests never sleep through a window. */
  advanceClock(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const wechat = await startFakeWechat(options.wechat);
  let server: ServerProcess;
  try {
    server = await startServerProcess({
      label: options.label,
      env: {
        WECHAT_API_BASE: wechat.baseUrl,
        WECHAT_APPID: wechat.appId,
        WECHAT_SECRET: wechat.secret,
        ...options.env,
      },
    });
  } catch (error) {
    await wechat.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    server,
    wechat,
    baseUrl: server.baseUrl,
    api: apiClient(server.baseUrl),
    as: (token: string) => apiClient(server.baseUrl, token),
    advanceClock: async (ms: number) => {
      const body = JSON.stringify({ advanceMs: ms });
      const res = await sendRaw(server.baseUrl, 'POST', '/api/test/clock', { rawBody: body });
      if (res.status !== 200) throw new Error(`moving the server clock failed (${res.status}); is TEST_CLOCK=1 set?`);
    },
    stop: () => {
      // Server first, so it never sees the fake vanish mid-request. Safe to call twice.
      stopping ??= server.stop().then(() => wechat.stop());
      return stopping;
    },
  };
}

/**
 * Boots a stack for the enclosing describe block and stops it afterwards; the server's output is
 * printed when any test in the file failed. Use the returned handle inside tests only.
 */
export function useStack(options: StackOptions): Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
  }, defaultBootTimeoutMs + 15_000);
  afterAll(async () => {
    if (!stack) return;
    if (suiteStatus.anyFailed()) stack.server.printOutput('a test in this file failed');
    await stack.stop();
  }, 30_000);
  const current = (): Stack => {
    if (!stack) throw new Error(`The ${options.label} stack is not running (did beforeAll fail?)`);
    return stack;
  };
  return {
    get server() {
      return current().server;
    },
    get wechat() {
      return current().wechat;
    },
    get baseUrl() {
      return current().baseUrl;
    },
    get api() {
      return current().api;
    },
    as: (token: string) => current().as(token),
    advanceClock: (ms: number) => current().advanceClock(ms),
    stop: () => current().stop(),
  };
}
