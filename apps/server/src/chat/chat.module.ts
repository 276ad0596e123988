import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventsModule } from '../events/events.module';
import { LiveModule } from '../live/live.module';
import { PostsModule } from '../posts/posts.module';
import { RateLimitStoreModule } from '../rate-limits/rate-limit-store.module';
import { UsersModule } from '../users/users.module';
import { ChatController } from './chat.controller';
import {
  ChatMessage,
  ChatMessageSchema,
  ChatMute,
  ChatMuteSchema,
  ChatRead,
  ChatReadSchema,
  ChatRoom,
  ChatRoomSchema,
} from './chat.schema';
import { ChatService } from './chat.service';
import { DoorCounts } from './door-counts';

/** Event chat rooms (`event:<id>` on the live channel) with their HTTP routes, and live door counts (`door:<id>`). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ChatRoom.name, schema: ChatRoomSchema },
      { name: ChatMessage.name, schema: ChatMessageSchema },
      { name: ChatMute.name, schema: ChatMuteSchema },
      { name: ChatRead.name, schema: ChatReadSchema },
    ]),
    EventsModule,
    LiveModule,
    PostsModule,
    UsersModule,
    RateLimitStoreModule,
  ],
  controllers: [ChatController],
  providers: [ChatService, DoorCounts],
})
export class ChatModule {}
