import type { UploadImageType } from '@quanzi/contract';

/** File extension served for each accepted type. */
export const EXTENSION: Record<UploadImageType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export const TYPE_BY_EXTENSION: Record<string, UploadImageType> = Object.fromEntries(
  Object.entries(EXTENSION).map(([type, ext]) => [ext, type as UploadImageType]),
);

const startsWith = (data: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The image type by magic bytes; null for anything else. The file name and the client's
 * Content-Type are ignored: they are whatever the uploader says.
 */
export function sniffImageType(data: Buffer): UploadImageType | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}
