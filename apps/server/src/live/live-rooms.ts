import { Injectable } from '@nestjs/common';
import type { LiveServerFrame, SendChatMessageRequest } from '@quanzi/contract';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '@quanzi/contract';

/** A kind of room (`event`, `door`): who may join, what a joiner receives, what sending does. */
export interface LiveRoomKind {
  /**
   * Checks access (throws a DomainError) and returns the frames that bring the joiner up to date
   * (the gap after `after` for a chat, the current counts for a door).
   */
  join(actor: Actor, id: string, after: number | undefined): Promise<{ lastSeq: number; backlog: LiveServerFrame[] }>;
  /** Stores a message and publishes it; returns what the ack carries. Absent: the room is read-only. */
  send?(actor: Actor, id: string, body: SendChatMessageRequest): Promise<{ seq: number; id: string }>;
}

/**
 * Where domain modules plug their rooms into the gateway (the chat module registers `event` and
 * `door` in onModuleInit), so the live module imports no domain.
 */
@Injectable()
export class LiveRoomRegistry {
  private readonly kinds = new Map<string, LiveRoomKind>();

  register(kind: string, room: LiveRoomKind): void {
    if (this.kinds.has(kind)) throw new Error(`live room kind '${kind}' registered twice`);
    this.kinds.set(kind, room);
  }

  /** `event:<24 hex>` → the kind and the id; throws NOT_FOUND for anything else. */
  resolve(room: unknown): { kind: LiveRoomKind; id: string } {
    const match = typeof room === 'string' ? /^([a-z]+):([0-9a-f]{24})$/.exec(room) : null;
    const kind = match ? this.kinds.get(match[1]) : undefined;
    if (!match || !kind) throw new DomainError(ErrorCode.NOT_FOUND, '聊天室不存在');
    return { kind, id: match[2] };
  }
}
