import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startStack, suiteStatus, type Stack } from '../harness';

/** `npm start` keeps data on disk under DATA_DIR; the issue promises a profile edit survives a restart. */
describe('on-disk embedded database', () => {
  let dataDir: string;
  const stacks: Stack[] = [];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-e2e-data-'));
  });

  afterAll(async () => {
    for (const stack of stacks) {
      if (suiteStatus.anyFailed()) stack.server.printOutput('a test in this file failed');
      await stack.stop();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const boot = async (label: string) => {
    const stack = await startStack({ label, env: { DB_IN_MEMORY: undefined, DATA_DIR: dataDir } });
    stacks.push(stack);
    return stack;
  };

  test('a profile edit is still there after the server restarts', async () => {
    const first = await boot('api-persist-1');
    expect(await first.api.health()).toEqual({ status: 'ok', db: 'embedded' });
    const { token, user } = await first.api.loginWechat({ code: 'code-openid-persistent' });
    await first.as(token).updateMe({ nickname: '重启之后还在' });
    await first.stop(); // SIGTERM: a graceful shutdown, as Ctrl-C on `npm start`

    const second = await boot('api-persist-2');
    const again = await second.api.loginWechat({ code: 'code-openid-persistent' });
    expect(again.user.id).toBe(user.id);
    expect((await second.as(again.token).getMe()).nickname).toBe('重启之后还在');
  });
});
