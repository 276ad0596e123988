import { Inject, Injectable, Logger } from '@nestjs/common';
import { Image, loadImage } from '@napi-rs/canvas';
import { Settings } from '../config/settings';
import { STORAGE, type Storage } from '../uploads/storage';

const STORED_NAME = /^\/uploads\/([0-9a-f]{32}\.(?:jpg|png|webp|gif))$/;
const MAX_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 3000;
/**
 * Remote hosts a poster may fetch from. Avatars from WeChat live on qlogo.cn; anything else
 * would let a profile URL make the server call into arbitrary (internal) addresses.
 */
const REMOTE_HOSTS = [/(^|\.)qlogo\.cn$/];

/** Loads the pictures a poster shows; every failure is soft (null), the poster draws a fallback. */
@Injectable()
export class PosterImages {
  private readonly logger = new Logger(PosterImages.name);

  constructor(
    private readonly settings: Settings,
    @Inject(STORAGE) private readonly storage: Storage,
  ) {}

  async load(url: string | null): Promise<Image | null> {
    if (!url) return null;
    try {
      const bytes = await this.bytesOf(url);
      return bytes ? await loadImage(bytes) : null;
    } catch (error) {
      this.logger.warn(`poster image ${url} skipped: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private async bytesOf(url: string): Promise<Buffer | null> {
    const own = url.startsWith(this.settings.publicBaseUrl) ? url.slice(this.settings.publicBaseUrl.length) : url;
    const stored = STORED_NAME.exec(own);
    if (stored) return this.readStored(stored[1]);
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || !REMOTE_HOSTS.some((h) => h.test(parsed.hostname))) return null;
    const res = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) return null;
    const data = Buffer.from(await res.arrayBuffer());
    return data.length <= MAX_BYTES ? data : null;
  }

  private async readStored(name: string): Promise<Buffer | null> {
    const file = await this.storage.open(name);
    if (!file || file.size > MAX_BYTES) {
      file?.stream.destroy();
      return null;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
