import { ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode, Limits, type PageQuery } from '@quanzi/contract';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from './domain-error';
import { isObjectIdHex } from './object-id';

export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `?limit&cursor` shared by every list; extend it for a list's own filters. */
export class PageQueryDto implements PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: Limits.pageSizeMax, default: Limits.pageSizeDefault })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Limits.pageSizeMax)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/**
 * Cursors are opaque to clients: the sort key of the last item, base64url JSON. Decoding checks
 * the shape, so a forged cursor is a 400, never a query the server did not mean to run.
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends unknown[]>(cursor: string, valid: (key: unknown[]) => key is T): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || !valid(key)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, '分页参数无效', [
      { field: 'cursor', message: 'cursor 无效，请从第一页重新加载' },
    ]);
  }
  return key;
}

/** Re-exported: cursors and route ids are checked by the same rule. */
export { isObjectIdHex };

/** Cursor over `_id` alone (lists sorted newest first by id). */
export function decodeIdCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  return decodeCursor(cursor, (k): k is [string] => k.length === 1 && isObjectIdHex(k[0]))[0];
}

export function pageSize(limit: number | undefined): number {
  return limit ?? Limits.pageSizeDefault;
}
