import type { IsoTime } from './common';

/**
 * `POST /api/exports/link`: a short-lived link to one CSV export for places that cannot send a
 * bearer token (WeChat's wx.downloadFile). Signed for the caller and that one path; the export
 * route still checks the caller's role when the link is opened.
 */
export interface ExportLinkRequest {
  /** The export's path, e.g. `ApiRoutes.eventRegistrationsCsv(id)` or `ApiRoutes.circleMembersCsv(id)`. */
  path: string;
}

export interface ExportLinkView {
  /** Absolute, on PUBLIC_BASE_URL. */
  url: string;
  /** The same link relative to the API origin. */
  path: string;
  expiresAt: IsoTime;
}

/** The query parameter carrying the signature (the rest of the link is the export's own path). */
export const EXPORT_LINK_PARAM = 'dl';
/** How long a link works. */
export const EXPORT_LINK_TTL_SECONDS = 300;
