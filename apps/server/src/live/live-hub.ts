import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { LiveServerFrame } from '@quanzi/contract';
import { Redis } from 'ioredis';
import { Settings } from '../config/settings';

/** What the hub needs of a connection: a user and a way to send it a frame. */
export interface LiveConnection {
  readonly userId: string;
  /** `json` is `frame` serialised once for the whole room. */
  deliver(frame: LiveServerFrame, json: string): void;
}

const CHANNEL = 'quanzi:live';

/**
 * Rooms and fan-out. Every instance keeps its own sockets per room; `publish` reaches the
 * sockets of every instance: directly without REDIS_URL, through one Redis pub/sub channel with
 * it. The database stays the source of truth: a frame only tells clients about a stored row, and
 * a client that missed one gets it again from the history when it re-joins.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Live');
  private readonly rooms = new Map<string, Set<LiveConnection>>();
  private pub: Redis | null = null;
  private sub: Redis | null = null;

  constructor(private readonly settings: Settings) {}

  async onModuleInit(): Promise<void> {
    if (!this.settings.redisUrl) return;
    this.pub = new Redis(this.settings.redisUrl, { maxRetriesPerRequest: 2 });
    this.sub = new Redis(this.settings.redisUrl);
    this.sub.on('message', (_channel: string, raw: string) => {
      try {
        const { room, frame } = JSON.parse(raw) as { room: string; frame: LiveServerFrame };
        this.deliverLocally(room, frame);
      } catch (error) {
        this.logger.warn(`bad live notification: ${String(error)}`);
      }
    });
    await this.sub.subscribe(CHANNEL);
    this.logger.log('live fan-out through Redis pub/sub (REDIS_URL)');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pub, this.sub].map((c) => c?.quit().catch(() => c.disconnect())));
  }

  join(room: string, connection: LiveConnection): void {
    let members = this.rooms.get(room);
    if (!members) this.rooms.set(room, (members = new Set()));
    members.add(connection);
  }

  leave(room: string, connection: LiveConnection): void {
    const members = this.rooms.get(room);
    if (!members) return;
    members.delete(connection);
    if (members.size === 0) this.rooms.delete(room);
  }

  isIn(room: string, connection: LiveConnection): boolean {
    return this.rooms.get(room)?.has(connection) ?? false;
  }

  /** Sends a frame to every socket in the room, on every instance. */
  async publish(room: string, frame: LiveServerFrame): Promise<void> {
    if (this.pub) {
      await this.pub.publish(CHANNEL, JSON.stringify({ room, frame }));
      return;
    }
    this.deliverLocally(room, frame);
  }

  /** Sockets on this instance (for the benchmark and the health of the instance). */
  connectionCount(): number {
    let n = 0;
    for (const members of this.rooms.values()) n += members.size;
    return n;
  }

  private deliverLocally(room: string, frame: LiveServerFrame): void {
    const members = this.rooms.get(room);
    if (!members) return;
    const json = JSON.stringify(frame);
    for (const connection of members) connection.deliver(frame, json);
  }
}
