import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PosterCache } from './poster-cache';

describe('PosterCache', () => {
  it('keeps memory under its byte bound, evicting the least recently used first', async () => {
    const cache = new PosterCache(null, 30);
    await cache.set('a', Buffer.alloc(10));
    await cache.set('b', Buffer.alloc(10));
    await cache.set('c', Buffer.alloc(10));
    await cache.get('a'); // a is now the most recent
    await cache.set('d', Buffer.alloc(10));
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).not.toBeNull();
    expect(cache.size).toBe(3);
    await cache.set('huge', Buffer.alloc(31)); // larger than the bound: not kept in memory
    expect(await cache.get('huge')).toBeNull();
  });

  it('serves from its directory what memory has dropped, e.g. after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posters-'));
    try {
      await new PosterCache(dir, 1024).set('k1', Buffer.from('png-bytes'));
      const restarted = new PosterCache(dir, 1024);
      expect((await restarted.get('k1'))?.toString()).toBe('png-bytes');
      expect(await restarted.get('missing')).toBeNull();
      expect(fs.readdirSync(dir)).toEqual(['k1.png']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
