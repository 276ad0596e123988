import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { LiveHub } from './live-hub';
import { LiveRoomRegistry } from './live-rooms';

/**
 * The real-time channel: one WebSocket endpoint (`/api/ws`), rooms, heartbeats and fan-out (in-process, or Redis pub/sub with REDIS_URL). Domain modules plug their
 * rooms in through LiveRoomRegistry and publish through LiveHub.
 */
@Module({
  providers: [LiveGateway, LiveHub, LiveRoomRegistry],
  exports: [LiveHub, LiveRoomRegistry],
})
export class LiveModule {}
