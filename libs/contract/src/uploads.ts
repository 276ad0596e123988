/** Image types `POST /api/uploads` accepts, recognised by their bytes, not their name. */
export const UploadImageTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export type UploadImageType = (typeof UploadImageTypes)[number];

export const UploadLimits = {
  /** Default largest file; the server's UPLOAD_MAX_BYTES can lower or raise it. */
  maxBytes: 10 * 1024 * 1024,
  /** The multipart field holding the file. */
  field: 'file',
} as const;

export interface UploadResponse {
  /** Absolute public URL of the stored file. */
  url: string;
}
