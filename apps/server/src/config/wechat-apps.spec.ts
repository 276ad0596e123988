import { ConfigError, loadSettings } from './settings';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('WECHAT_APPS (brand mini-programs)', () => {
  it('lists the default app first, then the brands', () => {
    const s = loadSettings({
      WECHAT_APPID: 'wxdefault',
      WECHAT_SECRET: 's0',
      WECHAT_APPS: '[{"appid":"wxb","secret":"s1","name":"咖啡同好会"},{"appid":"wxc","secret":"s2"}]',
    });
    expect(s.wechat.apps).toEqual([
      { appId: 'wxdefault', secret: 's0', name: null },
      { appId: 'wxb', secret: 's1', name: '咖啡同好会' },
      { appId: 'wxc', secret: 's2', name: null },
    ]);
    expect(loadSettings({}).wechat.apps).toEqual([]);
  });

  it('reports malformed lists with the entry at fault', () => {
    expect(problemsOf({ WECHAT_APPS: '{"appid":' })).toEqual([
      'WECHAT_APPS must be JSON: [{"appid":"wx…","secret":"…","name":"…"}]',
    ]);
    expect(problemsOf({ WECHAT_APPS: '{"appid":"wxb"}' })).toEqual([
      'WECHAT_APPS must be a JSON list of {appid, secret, name?}',
    ]);
    expect(problemsOf({ WECHAT_APPS: '[{"appid":"wxb","secret":"s"},{"appid":"wxc"},null]' })).toEqual([
      'WECHAT_APPS[1] needs a non-empty appid and secret',
      'WECHAT_APPS[2] needs a non-empty appid and secret',
    ]);
    expect(problemsOf({ WECHAT_APPS: '[{"appid":"wxb","secret":"s"},{"appid":"wxb","secret":"t"}]' })).toEqual([
      'WECHAT_APPS[1]: appid wxb is listed twice',
    ]);
  });
});
