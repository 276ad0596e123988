import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Rendered posters by content hash: a bounded in-memory LRU in front of an optional directory
 * (DATA_DIR/posters). The key is a hash of everything drawn, so an entry never goes stale — a
 * changed name, cover or avatar URL is simply a new key.
 */
export class PosterCache {
  private readonly memory = new Map<string, Buffer>();
  private memoryBytes = 0;

  constructor(
    private readonly dir: string | null,
    private readonly maxBytes: number,
  ) {}

  async get(key: string): Promise<Buffer | null> {
    const hit = this.memory.get(key);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the oldest entry is the least recently used.
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    if (!this.dir) return null;
    try {
      const data = await fs.readFile(path.join(this.dir, `${key}.png`));
      this.remember(key, data);
      return data;
    } catch {
      return null;
    }
  }

  async set(key: string, data: Buffer): Promise<void> {
    this.remember(key, data);
    if (!this.dir) return;
    await fs.mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, `${key}.png`);
    const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
  }

  get size(): number {
    return this.memory.size;
  }

  private remember(key: string, data: Buffer): void {
    if (data.length > this.maxBytes) return;
    this.memory.delete(key);
    this.memory.set(key, data);
    this.memoryBytes += data.length;
    for (const [oldKey, old] of this.memory) {
      if (this.memoryBytes <= this.maxBytes) break;
      this.memory.delete(oldKey);
      this.memoryBytes -= old.length;
    }
  }
}
