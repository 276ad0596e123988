import Taro from '@tarojs/taro';
import { ApiRoutes, type LiveClientFrame, type LiveServerFrame } from '@quanzi/contract';
import { auth } from '../../../services/auth';

/**
 * The one WebSocket of the app (`/api/ws`), shared by every page of the events subpackage that
 * shows live data (chat rooms, door counts). `Taro.connectSocket` on both platforms (weapp:
 * wx.connectSocket; h5: the browser's WebSocket). It authenticates with a first frame (the token
 * stays out of URLs and logs), re-joins its rooms after every reconnect with the last seq seen, and
 * drops messages it already has (seq), so a page sees each message once and in order.
 */

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

export type MessageFrame = Extract<LiveServerFrame, { op: 'message' }>;

export interface RoomHandlers {
  /** Before (re)joining after a reconnect: fetch the gap over HTTP; resolves the new last seq. */
  catchUp?: (after: number) => Promise<number>;
  onFrame: (frame: LiveServerFrame) => void;
}

interface Room {
  handlers: Set<RoomHandlers>;
  /** Highest message seq delivered to the handlers (0: none yet). */
  lastSeq: number;
}

/** Send a ping this often; no frame at all for two periods means the link is dead. */
const HEARTBEAT_MS = 20_000;
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

function socketUrl(): string {
  const path = ApiRoutes.liveSocket;
  if (API_BASE) return API_BASE.replace(/^http/, 'ws') + path;
  // H5 is served by the API server: same origin.
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}

type Task = Taro.SocketTask;

class LiveSocket {
  private task: Task | null = null;
  private rooms = new Map<string, Room>();
  private statusListeners = new Set<(s: LiveStatus) => void>();
  private state: LiveStatus = 'connecting';
  private attempt = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private lastFrameAt = 0;
  /** Bumped on every new connection so callbacks of an old socket are ignored. */
  private generation = 0;

  get status(): LiveStatus {
    return this.state;
  }

  onStatus(listener: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Joins `room` (first subscriber) and hands its frames to `handlers`; the returned function leaves. */
  subscribe(room: string, handlers: RoomHandlers, lastSeq = 0): () => void {
    let entry = this.rooms.get(room);
    if (!entry) {
      entry = { handlers: new Set(), lastSeq };
      this.rooms.set(room, entry);
      if (this.state === 'open') this.send({ op: 'join', room, after: entry.lastSeq });
    }
    entry.lastSeq = Math.max(entry.lastSeq, lastSeq);
    entry.handlers.add(handlers);
    if (!this.task && !this.retry) this.connect();
    return () => {
      const current = this.rooms.get(room);
      if (!current) return;
      current.handlers.delete(handlers);
      if (current.handlers.size > 0) return;
      this.rooms.delete(room);
      if (this.state === 'open') this.send({ op: 'leave', room });
      if (this.rooms.size === 0) this.shutdown();
    };
  }

  /** Sends a chat frame; false when the socket is not open (the caller falls back to HTTP). */
  send(frame: LiveClientFrame): boolean {
    if (!this.task || (this.state !== 'open' && frame.op !== 'auth')) return false;
    this.task.send({ data: JSON.stringify(frame) });
    return true;
  }

  private setStatus(s: LiveStatus) {
    if (this.state === s) return;
    this.state = s;
    this.statusListeners.forEach((l) => l(s));
  }

  private connect() {
    const token = auth.getState().token;
    if (!token) {
      this.scheduleRetry();
      return;
    }
    const generation = ++this.generation;
    const mine = () => generation === this.generation;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    Taro.connectSocket({ url: socketUrl() })
      .then((task) => {
        if (!mine()) {
          task.close({});
          return;
        }
        this.task = task;
        task.onOpen(() => {
          if (!mine()) return;
          this.lastFrameAt = Date.now();
          this.send({ op: 'auth', token });
        });
        task.onMessage((res) => {
          if (!mine() || typeof res.data !== 'string') return;
          this.lastFrameAt = Date.now();
          this.receive(JSON.parse(res.data) as LiveServerFrame);
        });
        task.onClose((res) => {
          if (!mine()) return;
          // 4401: the token expired; log in again silently before the next attempt.
          if (res.code === 4401) void auth.login(undefined, { toast: false }).catch(() => null);
          this.dropped();
        });
        task.onError(() => mine() && this.dropped());
      })
      .catch(() => mine() && this.dropped());
  }

  private receive(frame: LiveServerFrame) {
    if (frame.op === 'ready') {
      this.attempt = 0;
      this.setStatus('open');
      this.startHeartbeat();
      for (const [room, entry] of this.rooms) void this.rejoin(room, entry);
      return;
    }
    if (frame.op === 'pong') return;
    if (frame.op === 'ack' || (frame.op === 'error' && !frame.room)) {
      // Not addressed to one room: every subscriber checks its own clientId.
      this.rooms.forEach((entry) => entry.handlers.forEach((h) => h.onFrame(frame)));
      return;
    }
    const entry = this.rooms.get(frame.room ?? '');
    if (!entry) return;
    if (frame.op === 'message') {
      if (frame.message.seq <= entry.lastSeq) return; // already delivered (replay overlap)
      entry.lastSeq = frame.message.seq;
    }
    entry.handlers.forEach((h) => h.onFrame(frame));
  }

  private async rejoin(room: string, entry: Room) {
    const generation = this.generation;
    for (const h of entry.handlers) {
      if (!h.catchUp || entry.lastSeq === 0) continue;
      try {
        entry.lastSeq = Math.max(entry.lastSeq, await h.catchUp(entry.lastSeq));
      } catch {
        // The join's replay covers the gap anyway.
      }
    }
    if (generation === this.generation && this.rooms.get(room) === entry) {
      this.send({ op: 'join', room, after: entry.lastSeq });
    }
  }

  private startHeartbeat() {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastFrameAt > 2 * HEARTBEAT_MS) {
        this.dropped();
        return;
      }
      this.send({ op: 'ping' });
    }, HEARTBEAT_MS);
  }

  private stopHeartbeat() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private dropped() {
    this.generation++;
    this.stopHeartbeat();
    const task = this.task;
    this.task = null;
    if (task) task.close({});
    if (this.rooms.size === 0) return;
    this.setStatus('reconnecting');
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.retry) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.rooms.size > 0) this.connect();
    }, delay);
  }

  private shutdown() {
    this.generation++;
    this.stopHeartbeat();
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.attempt = 0;
    const task = this.task;
    this.task = null;
    if (task) task.close({});
    this.setStatus('connecting');
  }
}

export const live = new LiveSocket();
