import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, UploadImageTypes, UploadLimits, type UploadResponse } from '@quanzi/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { Settings } from '../config/settings';
import { UploadQuota } from '../rate-limits/upload-quota.service';
import { EXTENSION, sniffImageType, TYPE_BY_EXTENSION } from './image-type';
import { STORAGE, type Storage } from './storage';

/** Stored names: content hash + extension. Nothing else is ever served from the upload store. */
const STORED_NAME = /^([0-9a-f]{32})\.(jpg|png|webp|gif)$/;

const invalid = (message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: UploadLimits.field, message }]);

/** Image uploads: checked by content, stored by content hash, served at PUBLIC_BASE_URL/uploads/<name>. */
@Injectable()
export class UploadsService {
  constructor(
    private readonly settings: Settings,
    @Inject(STORAGE) private readonly storage: Storage,
    private readonly quota: UploadQuota,
  ) {}

  /** One multipart part named `file`; the size limit is enforced while reading (413 past it). */
  async receive(actor: Actor, request: FastifyRequest): Promise<UploadResponse> {
    if (!request.isMultipart()) throw invalid('Send the image as multipart/form-data in the field "file"');
    await this.quota.ensureRoom(actor.userId);
    const part = await request.file({ limits: { fileSize: this.settings.uploadMaxBytes, files: 1, fields: 0 } });
    if (!part || part.fieldname !== UploadLimits.field) throw invalid('The multipart field "file" is missing');
    const data = await part.toBuffer();
    return this.store(actor, data);
  }

  async store(actor: Actor, data: Buffer): Promise<UploadResponse> {
    if (data.length === 0) throw invalid('The file is empty');
    const type = sniffImageType(data);
    if (!type) throw invalid(`Only ${UploadImageTypes.map((t) => t.slice(6)).join(', ')} images are accepted`);
    // Same bytes, same name: a re-upload costs nothing and the URL can be cached forever.
    await this.quota.consume(actor.userId, data.length);
    const name = `${createHash('sha256').update(data).digest('hex').slice(0, 32)}.${EXTENSION[type]}`;
    await this.storage.save(name, data);
    return { url: `${this.settings.publicBaseUrl}/uploads/${name}` };
  }

  /** GET /uploads/:name (public, outside /api). */
  async serve(name: string, reply: FastifyReply): Promise<void> {
    const match = STORED_NAME.exec(name);
    const file = match ? await this.storage.open(name) : null;
    if (!match || !file) {
      await reply.code(404).send({ code: ErrorCode.NOT_FOUND, message: '文件不存在' });
      return;
    }
    await reply
      .header('content-type', TYPE_BY_EXTENSION[match[2]])
      .header('content-length', file.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'")
      .send(file.stream);
  }
}
