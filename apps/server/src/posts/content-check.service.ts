import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ErrorCode, type ContentStatus } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import { Settings } from '../config/settings';
import { UsersService } from '../users/users.service';
import { WechatService, type ContentScene } from '../wechat/wechat.service';

/**
 * User text passes WeChat's msg_sec_check before anyone else sees it: `risky` is refused (422,
 * nothing stored), `review` is stored but hidden until an admin approves it.
 */
@Injectable()
export class ContentCheckService implements OnModuleInit {
  private readonly logger = new Logger('ContentCheck');

  constructor(
    private readonly settings: Settings,
    private readonly wechat: WechatService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    if (!this.settings.wechatConfigured) {
      this.logger.warn(
        'WECHAT_APPID/WECHAT_SECRET not set: posts and comments are published without the WeChat content check',
      );
    }
  }

  /** The status new text starts in; throws CONTENT_REJECTED for risky text. */
  async statusFor(userId: string, text: string, scene: ContentScene, field: string): Promise<ContentStatus> {
    const verdict = await this.wechat.checkText(await this.users.openidOf(userId), text, scene);
    if (verdict === 'risky') {
      throw new DomainError(ErrorCode.CONTENT_REJECTED, '内容未通过安全检测', [
        { field, message: '内容未通过安全检测' },
      ]);
    }
    return verdict === 'review' ? 'under_review' : 'published';
  }
}
