import { Global, Module } from '@nestjs/common';
import { WechatHttpClient } from './wechat.client';
import { WechatService } from './wechat.service';
import { WechatMediaCheck } from './wechat-media-check';

/** Global because login, posts, invites and messages all talk to WeChat through this one cache. */
@Global()
@Module({
  providers: [WechatHttpClient, WechatService, WechatMediaCheck],
  exports: [WechatService, WechatMediaCheck],
})
export class WechatModule {}
