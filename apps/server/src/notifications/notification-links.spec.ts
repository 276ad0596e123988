import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotificationLinks } from './notification-links';

/**
 * The server cannot import the mini-program, so its inbox links repeat the app's page paths:
 * each must be a page routes.ts builds (a renamed page would otherwise open nothing).
 */
describe('notification links', () => {
  const routesSource = readFileSync(join(__dirname, '../../../miniprogram/src/routes.ts'), 'utf8');
  const sample = '0123456789abcdef01234567';

  it.each(Object.entries(NotificationLinks))('%s opens a page of the mini-program', (_name, link) => {
    const url = link(sample);
    expect(url).toMatch(new RegExp(`^/[\\w/-]+\\?id=${sample}$`));
    const path = url.slice(1, url.indexOf('?'));
    expect(routesSource).toContain(`page('${path}'`);
  });
});
