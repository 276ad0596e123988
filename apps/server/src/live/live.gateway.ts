import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import { ErrorCode, type LiveClientFrame, type LiveServerFrame, type SendChatMessageRequest } from '@quanzi/contract';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Actor } from '../auth/actor';
import { TokenService } from '../auth/token.service';
import { DomainError } from '../common/domain-error';
import { Settings } from '../config/settings';
import { LiveHub, type LiveConnection } from './live-hub';
import { LiveRoomRegistry } from './live-rooms';

/** A socket must authenticate within this time. */
const AUTH_TIMEOUT_MS = 10_000;
/** Close codes (4000–4999 are the application's): the client re-logs in on 4401. */
const CLOSE_UNAUTHENTICATED = 4401;
const MAX_FRAME_BYTES = 16 * 1024;

/** One socket: its user once authenticated, its rooms, whether it showed life since the last beat. */
class Connection implements LiveConnection {
  actor: Actor | null = null;
  alive = true;
  readonly rooms = new Set<string>();
  /** Per room: frames arriving while a join replays the backlog wait here, so nothing is sent twice or out of order. */
  readonly catchingUp = new Map<string, LiveServerFrame[]>();

  constructor(readonly socket: WebSocket) {}

  get userId(): string {
    return this.actor?.userId ?? '';
  }

  deliver(frame: LiveServerFrame, json: string): void {
    const room = 'room' in frame ? frame.room : undefined;
    const queue = room ? this.catchingUp.get(room) : undefined;
    if (queue) queue.push(frame);
    else if (this.socket.readyState === this.socket.OPEN) this.socket.send(json);
  }

  send(frame: LiveServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}

/**
 * `/api/ws`: plain WebSocket frames carrying JSON (what wx.connectSocket speaks), on the same
 * HTTP server as the API (Nest's WsAdapter handles the upgrade of Fastify's server). Frames are
 * dispatched on `op` here rather than through @SubscribeMessage, whose WsAdapter routing expects
 * `{event, data}` frames and turns errors into events the client never sees.
 */
@WebSocketGateway({ path: '/api/ws', maxPayload: MAX_FRAME_BYTES })
export class LiveGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger('Live');
  private readonly connections = new Map<WebSocket, Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly tokens: TokenService,
    private readonly hub: LiveHub,
    private readonly rooms: LiveRoomRegistry,
    settings: Settings,
  ) {
    this.heartbeat = setInterval(() => this.beat(), settings.live.heartbeatMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const connection = new Connection(socket);
    this.connections.set(socket, connection);
    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data: Buffer) => {
      connection.alive = true;
      void this.onFrame(connection, data);
    });
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    if (token) {
      this.authenticate(connection, token);
      return;
    }
    setTimeout(() => {
      if (!connection.actor) socket.close(CLOSE_UNAUTHENTICATED, 'unauthenticated');
    }, AUTH_TIMEOUT_MS).unref();
  }

  handleDisconnect(socket: WebSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    this.connections.delete(socket);
    for (const room of connection.rooms) this.hub.leave(room, connection);
  }

  private authenticate(connection: Connection, token: unknown): boolean {
    const actor = typeof token === 'string' ? this.tokens.verify(token) : null;
    if (!actor) {
      connection.send({ op: 'error', code: ErrorCode.UNAUTHENTICATED, message: '登录已过期，请重新登录' });
      connection.socket.close(CLOSE_UNAUTHENTICATED, 'unauthenticated');
      return false;
    }
    connection.actor = actor;
    connection.send({ op: 'ready', userId: actor.userId });
    return true;
  }

  private async onFrame(connection: Connection, data: Buffer): Promise<void> {
    let frame: LiveClientFrame;
    try {
      frame = JSON.parse(data.toString('utf8')) as LiveClientFrame;
      if (!frame || typeof frame !== 'object' || typeof frame.op !== 'string') throw new Error('no op');
    } catch {
      connection.send({ op: 'error', code: ErrorCode.VALIDATION_FAILED, message: '无法识别的消息' });
      return;
    }
    if (frame.op === 'ping') return connection.send({ op: 'pong' });
    if (frame.op === 'auth') {
      if (!connection.actor) this.authenticate(connection, frame.token);
      return;
    }
    const actor = connection.actor;
    if (!actor) {
      connection.send({ op: 'error', code: ErrorCode.UNAUTHENTICATED, message: '请先登录' });
      return;
    }
    const room = 'room' in frame ? frame.room : undefined;
    const clientId = frame.op === 'send' && typeof frame.clientId === 'string' ? frame.clientId : undefined;
    try {
      if (frame.op === 'join') await this.join(connection, actor, frame.room, frame.after);
      else if (frame.op === 'leave') this.leave(connection, frame.room);
      else if (frame.op === 'send') await this.send(connection, actor, frame);
      else throw new DomainError(ErrorCode.VALIDATION_FAILED, '无法识别的消息');
    } catch (error) {
      if (!(error instanceof DomainError)) this.logger.error(error instanceof Error ? error.stack : String(error));
      const known = error instanceof DomainError;
      connection.send({
        op: 'error',
        code: known ? error.code : ErrorCode.INTERNAL,
        message: known ? error.message : '服务器开小差了，请稍后再试',
        ...(typeof room === 'string' ? { room } : {}),
        ...(clientId ? { clientId } : {}),
      });
    }
  }

  private async join(connection: Connection, actor: Actor, room: string, after: unknown): Promise<void> {
    const { kind, id } = this.rooms.resolve(room);
    const from = typeof after === 'number' && Number.isInteger(after) && after >= 0 ? after : undefined;
    // Subscribe before reading the backlog and hold live frames until it is sent: a message stored
    // between the read and the subscription can then be neither lost nor delivered twice.
    connection.catchingUp.set(room, []);
    this.hub.join(room, connection);
    connection.rooms.add(room);
    let lastSeq: number;
    let backlog: LiveServerFrame[];
    try {
      ({ lastSeq, backlog } = await kind.join(actor, id, from));
    } catch (error) {
      connection.catchingUp.delete(room);
      this.hub.leave(room, connection);
      connection.rooms.delete(room);
      throw error;
    }
    const held = connection.catchingUp.get(room) ?? [];
    connection.catchingUp.delete(room);
    connection.send({ op: 'joined', room, lastSeq });
    for (const frame of backlog) connection.send(frame);
    for (const frame of held) {
      // A message already in the backlog (or older than the joiner's position) is not sent again.
      if (frame.op === 'message' && frame.message.seq <= Math.max(lastSeq, from ?? 0)) continue;
      connection.send(frame);
    }
  }

  private leave(connection: Connection, room: string): void {
    this.hub.leave(room, connection);
    connection.rooms.delete(room);
    connection.catchingUp.delete(room);
  }

  private async send(connection: Connection, actor: Actor, frame: { room: string } & SendChatMessageRequest) {
    const { kind, id } = this.rooms.resolve(frame.room);
    if (!kind.send) throw new DomainError(ErrorCode.FORBIDDEN, '这里不能发言');
    const { seq, id: messageId } = await kind.send(actor, id, frame);
    connection.send({ op: 'ack', clientId: frame.clientId, seq, id: messageId });
  }

  /** Pings every socket; one that showed no life since the previous beat is dead and dropped. */
  private beat(): void {
    for (const connection of this.connections.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
