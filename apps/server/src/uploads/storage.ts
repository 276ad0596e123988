import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Settings } from '../config/settings';

/**
 * Where uploaded files live. Local disk today; an S3-compatible backend implements the same
 * three calls and is provided under STORAGE instead.
 */
export interface Storage {
  /** Stores `data` under `name` (names are content hashes, so rewriting the same name is harmless). */
  save(name: string, data: Buffer): Promise<void>;
  /** The stored file, or null when there is none. */
  open(name: string): Promise<{ stream: Readable; size: number } | null>;
}
export const STORAGE = Symbol('Storage');

/** Files under DATA_DIR/uploads, written via a temp file and rename so a reader never sees half a file. */
@Injectable()
export class LocalDiskStorage implements Storage {
  readonly root: string;

  constructor(settings: Settings) {
    this.root = path.join(settings.dataDir, 'uploads');
  }

  async save(name: string, data: Buffer): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    const target = this.pathOf(name);
    const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
  }

  async open(name: string): Promise<{ stream: Readable; size: number } | null> {
    try {
      const stat = await fs.stat(this.pathOf(name));
      if (!stat.isFile()) return null;
      return { stream: createReadStream(this.pathOf(name)), size: stat.size };
    } catch {
      return null;
    }
  }

  private pathOf(name: string): string {
    // Callers pass validated names; basename is a second fence against path tricks.
    return path.join(this.root, path.basename(name));
  }
}
