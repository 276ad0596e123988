import type { LiveClientFrame, LiveServerFrame } from '@quanzi/contract';
import WebSocket from 'ws';

/** A real WebSocket client of /api/ws that records every frame, for the live and chat suites. */
export class LiveSocket {
  readonly frames: LiveServerFrame[] = [];
  closedWith: number | null = null;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as LiveServerFrame);
      this.wake();
    });
    socket.on('close', (code: number) => {
      this.closedWith = code;
      this.wake();
    });
  }

  /** Connects with `?token=` (or without, to authenticate by frame) and waits for the open. */
  static async open(baseUrl: string, token?: string): Promise<LiveSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const socket = new WebSocket(url);
    const live = new LiveSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return live;
  }

  send(frame: LiveClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Waits until `count` frames match, then returns them (in arrival order). */
  async waitFor<F extends LiveServerFrame>(
    match: (f: LiveServerFrame) => f is F,
    count = 1,
    timeoutMs = 5_000,
  ): Promise<F[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.filter(match);
      if (found.length >= count) return found;
      if (this.closedWith !== null)
        throw new Error(`socket closed (${this.closedWith}) with ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`waited for ${count} frames; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Joins a room and waits for `joined` (or throws with the error frame). */
  async join(room: string, after?: number): Promise<number> {
    const before = this.frames.length;
    this.send({ op: 'join', room, ...(after !== undefined ? { after } : {}) });
    const [reply] = await this.waitFor(
      (f): f is Extract<LiveServerFrame, { op: 'joined' | 'error' }> =>
        this.frames.indexOf(f) >= before && (f.op === 'joined' || f.op === 'error') && f.room === room,
    );
    if (reply.op === 'error') throw Object.assign(new Error(reply.message), { code: reply.code });
    return reply.lastSeq;
  }

  messages(room: string) {
    return this.frames.flatMap((f) => (f.op === 'message' && f.room === room ? [f.message] : []));
  }

  async close(): Promise<void> {
    if (this.closedWith !== null) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const isOp =
  <K extends LiveServerFrame['op']>(op: K) =>
  (f: LiveServerFrame): f is Extract<LiveServerFrame, { op: K }> =>
    f.op === op;
