import { DEFAULT_RATE_LIMITS } from './abuse-settings';
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

describe('abuse settings (rate limits, upload quota, TRUST_PROXY, REDIS_URL)', () => {
  it('defaults: every policy limited, 200 MB a day of uploads, no proxy trusted, MongoDB counters', () => {
    const s = loadSettings({});
    expect(s.abuse.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(Object.keys(s.abuse.rateLimits).sort()).toEqual(['invite', 'login', 'post', 'signup', 'upload', 'vote']);
    expect(s.abuse.uploadDailyBytes).toBe(200 * 1024 * 1024);
    expect(s.abuse.trustProxy).toBe(false);
    expect(s.redisUrl).toBeNull();
  });

  it('overrides the scopes a RATE_LIMIT_<POLICY> names and keeps the others', () => {
    const s = loadSettings({
      RATE_LIMIT_POST: 'user:5/30s',
      RATE_LIMIT_VOTE: 'ip:off,user:2/h',
      RATE_LIMIT_LOGIN: 'ip:100/2m',
    });
    expect(s.abuse.rateLimits.post).toEqual({ user: { limit: 5, windowMs: 30_000 }, ip: DEFAULT_RATE_LIMITS.post.ip });
    expect(s.abuse.rateLimits.vote).toEqual({ user: { limit: 2, windowMs: 3_600_000 } });
    expect(s.abuse.rateLimits.login).toEqual({ ip: { limit: 100, windowMs: 120_000 } });
  });

  it('refuses malformed limits, naming the variable', () => {
    for (const bad of ['10', 'user:10', 'user:0/1m', 'admin:5/1m', 'user:5/1w', 'user:-1/1m']) {
      expect(problemsOf({ RATE_LIMIT_UPLOAD: bad })).toEqual([
        expect.stringContaining('RATE_LIMIT_UPLOAD must look like'),
      ]);
    }
    expect(problemsOf({ UPLOAD_DAILY_BYTES: 'lots' })).toContain('UPLOAD_DAILY_BYTES must be a whole number of bytes');
    expect(problemsOf({ REDIS_URL: 'localhost:6379' })).toEqual([expect.stringContaining('REDIS_URL')]);
    expect(loadSettings({ REDIS_URL: 'redis://cache:6379/0' }).redisUrl).toBe('redis://cache:6379/0');
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies, and refuses to trust everyone', () => {
    expect(loadSettings({ TRUST_PROXY: '1' }).abuse.trustProxy).toBe(1);
    expect(loadSettings({ TRUST_PROXY: ' 10.0.0.0/8, 127.0.0.1 ,::1,fd00::/8,loopback' }).abuse.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(loadSettings({ TRUST_PROXY: '' }).abuse.trustProxy).toBe(false);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/2']) {
      expect(problemsOf({ TRUST_PROXY: bad })).toEqual([expect.stringContaining('TRUST_PROXY must be')]);
    }
  });
});
