import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { MediaChecksService, type CallbackQuery, type MediaCheckMessage } from './media-checks.service';

/**
 * WeChat's message push (消息推送, JSON, plaintext mode), signed with WECHAT_CALLBACK_TOKEN.
 * GET is the console's URL check (answer `echostr`); POST carries events such as `wxa_media_check`.
 */
@ApiExcludeController()
@Controller('wechat/callback')
export class WechatCallbackController {
  constructor(private readonly mediaChecks: MediaChecksService) {}

  @Public()
  @Get()
  verifyUrl(@Query() query: CallbackQuery): string {
    this.mediaChecks.verify(query);
    return query.echostr ?? '';
  }

  @Public()
  @Post()
  @HttpCode(200)
  async receive(@Query() query: CallbackQuery, @Body() message: MediaCheckMessage): Promise<string> {
    this.mediaChecks.verify(query);
    await this.mediaChecks.handle(message ?? {});
    // WeChat wants `success` (or an empty body), else it retries.
    return 'success';
  }
}
