import type { Settings } from '../config/settings';

/** Names the upload store gives files: content hash + extension. Nothing else is ever served from it. */
export const STORED_NAME = /^([0-9a-f]{32})\.(jpg|png|webp|gif)$/;

/**
 * Whether `url` names a file of our own upload store: `/uploads/<name>` on this server (the path
 * alone or under PUBLIC_BASE_URL) or `<UPLOAD_CDN_URL>/<name>`. Content members show each other
 * must not load from elsewhere: a foreign image is a tracking pixel or unchecked content.
 */
export function isOwnUploadUrl(url: string, settings: Settings): boolean {
  const bases = ['/uploads/', `${settings.publicBaseUrl}/uploads/`];
  if (settings.uploadCdnUrl) bases.push(`${settings.uploadCdnUrl}/`);
  return bases.some((base) => url.startsWith(base) && STORED_NAME.test(url.slice(base.length)));
}
