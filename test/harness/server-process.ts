import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { artifactsDir, h5Dir, repoRoot, serverEntry } from './paths';

export interface ServerProcessOptions {
  /** Name used in log prefixes and the saved log file. */
  label: string;
  /** Variables added to (or, when `undefined`, removed from) the server's environment. */
  env?: Record<string, string | undefined>;
  /** How long to wait for `/api/health`. */
  bootTimeoutMs?: number;
}

export interface ServerProcess {
  baseUrl: string;
  port: number;
  pid: number;
  /** Everything the server wrote to stdout and stderr so far, one entry per line. */
  output(): string[];
  /** Writes the captured output to stderr, framed so it stands out in a test report. */
  printOutput(reason: string): void;
  stop(): Promise<void>;
  /** SIGKILLs the server itself (not the guard in front of it), as a crash would, and waits until it is gone. */
  crash(): Promise<void>;
}

export const defaultBootTimeoutMs = Number(process.env.E2E_BOOT_TIMEOUT_MS ?? 45_000);
/** The guard itself SIGKILLs the server 5 s after SIGTERM; this is the backstop for the guard. */
const stopGraceMs = 8_000;
const maxCapturedLines = 5_000;

/** Runs each server and ends it when this test process goes away, however that happens. */
const guardScript = path.join(__dirname, 'guard.js');

/** A port the OS just handed out on loopback; the server binds it a moment later. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export function assertServerBuilt(): void {
  if (!fs.existsSync(serverEntry)) {
    throw new Error(
      `The built server is missing (${path.relative(repoRoot, serverEntry)}). ` +
        'Run `npm run build -w @quanzi/server` first.',
    );
  }
}

/**
 * Rate limits out of reach: scenarios and benchmarks fire bursts from one loopback address. A
 * suite about limits removes them (`RATE_LIMIT_LOGIN: undefined`) to get the configured values.
 */
export const relaxedRateLimitEnv: Record<string, string> = {
  ...Object.fromEntries(
    ['LOGIN', 'POST', 'UPLOAD', 'INVITE', 'SIGNUP', 'VOTE'].map((p) => [
      `RATE_LIMIT_${p}`,
      'user:1000000/1m,ip:1000000/1m',
    ]),
  ),
  UPLOAD_DAILY_BYTES: '0',
};

/**
 * The environment every end-to-end server gets: in-memory engine, dev login, loopback only.
 * Inherited database settings are dropped so a developer's MONGODB_URI never leaks into a test.
 */
export function baseServerEnv(port: number): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DB_IN_MEMORY: '1',
    NO_COLOR: '1',
    MONGODB_URI: undefined,
    DATA_DIR: undefined,
    DEV_LOGIN: '1',
    JWT_SECRET: 'e2e-jwt-secret-not-for-production',
    WECHAT_APPID: 'wxe2e0000000000000',
    WECHAT_SECRET: 'e2e-wechat-secret',
    ADMIN_OPENIDS: 'e2e-platform-admin',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ...relaxedRateLimitEnv,
  };
  if (fs.existsSync(path.join(h5Dir, 'index.html'))) env.H5_DIR = h5Dir;
  return env;
}

function compactEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function killChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill(signal);
  } catch {
    /* already gone */
  }
}

interface Spawned {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnServer(label: string, env: Record<string, string | undefined>): Spawned {
  assertServerBuilt();
  const child = spawn(process.execPath, [guardScript, serverEntry], {
    cwd: path.dirname(path.dirname(serverEntry)),
    env: compactEnv(env),
    // stdin is the guard's lifeline: it closes when this process ends, and the server goes too.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const capture = (stream: 'out' | 'err', source: NodeJS.ReadableStream | null) => {
    let pending = '';
    const push = (line: string) => {
      if (lines.length < maxCapturedLines) lines.push(`[${label} ${stream}] ${line}`);
    };
    source?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      parts.forEach(push);
    });
    source?.on('end', () => {
      if (pending) push(pending);
      pending = '';
    });
  };
  capture('out', child.stdout);
  capture('err', child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': it comes after stdout/stderr are drained, so the output is complete.
    child.once('close', (code, signal) => {
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      lines.push(`[${label} spawn-error] ${error.message}`);
      resolve({ code: -1, signal: null });
    });
  });
  return { child, lines, exited };
}

function frame(label: string, reason: string, lines: string[]): string {
  const bar = '─'.repeat(20);
  return `\n${bar} ${label} server output (${reason}) ${bar}\n${lines.join('\n') || '(nothing written)'}\n${bar} end of ${label} server output ${bar}\n`;
}

function saveLog(label: string, lines: string[]): void {
  try {
    const dir = path.join(artifactsDir, 'logs');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${label}.log`), lines.join('\n') + '\n');
  } catch {
    /* logs are a convenience; never fail a run over them */
  }
}

/** Starts `node apps/server/dist/main.js` on a free loopback port and waits for `/api/health`. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  // The free port is only free until someone else takes it; on that rare race, try another.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await bootOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function bootOnce(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env = { ...baseServerEnv(port), ...options.env };
  const { child, lines, exited } = spawnServer(options.label, env);
  const baseUrl = `http://127.0.0.1:${port}`;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => (exit = e));

  const stop = async (): Promise<void> => {
    if (!exit) {
      killChild(child, 'SIGTERM');
      const timer = setTimeout(() => {
        lines.push(`[${options.label} harness] no exit ${stopGraceMs} ms after SIGTERM: sending SIGKILL`);
        killChild(child, 'SIGKILL');
      }, stopGraceMs);
      await exited;
      clearTimeout(timer);
    }
    saveLog(options.label, lines);
  };

  const deadline = Date.now() + (options.bootTimeoutMs ?? defaultBootTimeoutMs);
  let lastProblem = 'no answer yet';
  while (true) {
    if (exit) {
      saveLog(options.label, lines);
      throw new Error(
        `The ${options.label} server exited before it was healthy (code ${exit.code}, signal ${exit.signal}).` +
          frame(options.label, 'boot failure', lines),
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The ${options.label} server did not report healthy at ${baseUrl}/api/health in time (${lastProblem}).` +
          frame(options.label, 'boot timeout', lines),
      );
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      const text = await res.text();
      if (res.ok) break;
      lastProblem = `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const crash = async (): Promise<void> => {
    if (!exit) {
      // The guard cannot forward SIGKILL; it passes the server's death on as its own.
      const pids = childPids(child.pid);
      if (pids.length === 0) throw new Error(`cannot crash the ${options.label} server: no process under its guard`);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      await exited;
    }
    saveLog(options.label, lines);
  };

  return {
    baseUrl,
    port,
    pid: child.pid ?? -1,
    output: () => [...lines],
    printOutput: (reason: string) => process.stderr.write(frame(options.label, reason, lines)),
    stop,
    crash,
  };
}

/** The direct children of a process (Linux `/proc`); none when unknown. */
function childPids(pid: number | undefined): number[] {
  if (!pid) return [];
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Runs the server expecting it to refuse to boot (for configuration checks); resolves with its
 * exit code and output, or fails if it becomes healthy or keeps running.
 */
export async function runServerExpectingExit(
  options: ServerProcessOptions & { timeoutMs?: number },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const port = await freePort();
  const env = { ...baseServerEnv(port), ...options.env };
  const { child, lines, exited } = spawnServer(options.label, env);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    killChild(child, 'SIGTERM');
    const timer = setTimeout(() => killChild(child, 'SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
    saveLog(options.label, lines);
    throw new Error(
      `The ${options.label} server was expected to refuse to start but was still running after ${timeoutMs} ms.` +
        frame(options.label, 'unexpected start', lines),
    );
  }
  saveLog(options.label, lines);
  return { ...result, output: lines.join('\n') };
}
