import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ChatHistoryView, ChatMessageView, ChatMuteView, ChatUnreadView } from '@quanzi/contract';
import type { Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { ObjectIdPipe } from '../common/object-id';
import { ChatService } from './chat.service';
import { ChatHistoryQueryDto, ChatMuteDto, ChatReadDto, SendChatMessageDto } from './dto/chat.dto';

/** Room access (holders, checkers, admins) is checked by the service: it depends on the event. */
@ApiTags('chat')
@ApiBearerAuth()
@Controller()
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Get('events/:id/chat')
  history(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
    @Query() query: ChatHistoryQueryDto,
  ): Promise<ChatHistoryView> {
    return this.chat.history(actor, id.toHexString(), query);
  }

  /** The same as a `send` frame, for clients without a socket. */
  @Post('events/:id/chat')
  send(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
    @Body() dto: SendChatMessageDto,
  ): Promise<ChatMessageView> {
    return this.chat.sendLimited(actor, id.toHexString(), dto);
  }

  @Delete('chat-messages/:id')
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('消息')) id: Types.ObjectId,
  ): Promise<ChatMessageView> {
    return this.chat.remove(actor, id);
  }

  @Post('events/:id/chat/mutes')
  @HttpCode(200)
  mute(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
    @Body() dto: ChatMuteDto,
  ): Promise<ChatMuteView> {
    return this.chat.mute(actor, id.toHexString(), dto);
  }

  @Get('events/:id/chat/read')
  unread(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
  ): Promise<ChatUnreadView> {
    return this.chat.unread(actor, id.toHexString());
  }

  @Post('events/:id/chat/read')
  @HttpCode(200)
  markRead(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
    @Body() dto: ChatReadDto,
  ): Promise<ChatUnreadView> {
    return this.chat.markRead(actor, id.toHexString(), dto.seq);
  }
}
