import { Injectable } from '@nestjs/common';
import { Settings } from '../config/settings';

/** Subscribe-message pushes of broadcast recipients (filled in with the subscriptions step). */
@Injectable()
export class SubscribePush {
  constructor(private readonly settings: Settings) {}

  /** Whether a template is configured for this key; without one a broadcast is inbox only. */
  configured(key: string): boolean {
    return Boolean(this.settings.reach.templates[key]);
  }

  async planBroadcast(_broadcastId: string, _userIds: string[]): Promise<void> {
    throw new Error('subscribe pushes are not wired yet');
  }
}
