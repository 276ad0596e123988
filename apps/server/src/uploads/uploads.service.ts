import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, UploadImageTypes, UploadLimits, type UploadResponse } from '@quanzi/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { Settings } from '../config/settings';
import { UploadQuota } from '../rate-limits/upload-quota.service';
import { EXTENSION, sniffImageType, TYPE_BY_EXTENSION } from './image-type';
import { MediaChecksService } from './media-checks.service';
import { STORAGE, type Storage } from './storage';
import { STORED_NAME } from './upload-refs';

const invalid = (message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: UploadLimits.field, message }]);
const MALFORMED = '上传内容不是有效的 multipart/form-data，请重新选择图片上传';

/**
 * What reading a multipart body threw, as the client's error: the parser (busboy, under
 * @fastify/multipart) throws plain Errors for a missing boundary or a truncated body, which would
 * otherwise be 500s. Only limit errors keep their own meaning (413).
 */
function multipartError(error: unknown, maxBytes: number): DomainError {
  if (error instanceof DomainError) return error;
  if ((error as { statusCode?: unknown } | null)?.statusCode === 413) {
    return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `图片不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`);
  }
  return invalid(MALFORMED);
}

/** Image uploads: checked by content, stored by content hash, served at PUBLIC_BASE_URL/uploads/<name>. */
@Injectable()
export class UploadsService {
  constructor(
    private readonly settings: Settings,
    @Inject(STORAGE) private readonly storage: Storage,
    private readonly quota: UploadQuota,
    private readonly mediaChecks: MediaChecksService,
  ) {}

  /** One multipart part named `file`; the size limit is enforced while reading (413 past it). */
  async receive(actor: Actor, request: FastifyRequest): Promise<UploadResponse> {
    if (!request.isMultipart()) throw invalid(`请以 multipart/form-data 上传图片，字段名为 ${UploadLimits.field}`);
    await this.quota.ensureRoom(actor.userId);
    let data: Buffer;
    try {
      const part = await request.file({ limits: { fileSize: this.settings.uploadMaxBytes, files: 1, fields: 0 } });
      if (!part || part.fieldname !== UploadLimits.field) throw invalid(`缺少图片字段 ${UploadLimits.field}`);
      data = await part.toBuffer();
    } catch (error) {
      throw multipartError(error, this.settings.uploadMaxBytes);
    }
    return this.store(actor, data);
  }

  async store(actor: Actor, data: Buffer): Promise<UploadResponse> {
    if (data.length === 0) throw invalid('图片文件为空');
    const type = sniffImageType(data);
    if (!type) throw invalid(`只支持 ${UploadImageTypes.map((t) => t.slice(6)).join('、')} 格式的图片`);
    // Same bytes, same name: a re-upload costs nothing and the URL can be cached forever.
    await this.quota.consume(actor.userId, data.length);
    const name = `${createHash('sha256').update(data).digest('hex').slice(0, 32)}.${EXTENSION[type]}`;
    await this.storage.save(name, data);
    const url = `${this.settings.publicBaseUrl}/uploads/${name}`;
    await this.mediaChecks.submit(actor.userId, name, url, actor.appId ?? null);
    return { url };
  }

  /** GET /uploads/:name (public, outside /api). */
  async serve(name: string, reply: FastifyReply): Promise<void> {
    const match = STORED_NAME.exec(name);
    // A risky image (WeChat's media check) answers as if it were gone.
    const file = match && !(await this.mediaChecks.isRejected(name)) ? await this.storage.open(name) : null;
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
