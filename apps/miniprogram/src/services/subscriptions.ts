import type { ApiClient } from '@quanzi/contract';
import { platform } from '../platform';
import { errorStatus, quietApi } from './http';

type TemplateKey = Parameters<ApiClient['recordSubscriptions']>[0]['accepted'][number];

/** Configured templates (key → WeChat template id); WeChat asks about at most 3 at a time. */
const templates = Object.entries(SUBSCRIBE_TEMPLATES).slice(0, 3) as Array<[TemplateKey, string]>;

/** Whether a subscribe prompt makes sense here: weapp with at least one template configured. */
export function canAskForSubscriptions(): boolean {
  return platform.canSubscribe && templates.length > 0;
}

/**
 * Asks the member to subscribe and records what they accepted. Call it first thing in a tap
 * handler: WeChat refuses the sheet after an await. Resolves how many templates were accepted.
 */
export async function askForSubscriptions(): Promise<number> {
  if (!canAskForSubscriptions()) return 0;
  const accepted = await platform.requestSubscribe(templates.map(([, id]) => id));
  const keys = templates.filter(([, id]) => accepted.includes(id)).map(([key]) => key);
  if (keys.length === 0) return 0;
  try {
    await quietApi.recordSubscriptions({ accepted: keys });
  } catch (err) {
    // A server without the route yet (404) just has no credits to give; other failures are not
    // the member's business either: WeChat still holds the subscription.
    if (errorStatus(err) !== 404) console.warn('recordSubscriptions failed', err);
  }
  return keys.length;
}
