/** 24-hex ObjectId string. */
export type Id = string;
/** ISO-8601 UTC timestamp string. */
export type IsoTime = string;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export const Limits = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  nicknameMax: 32,
  avatarUrlMax: 512,
  /** Largest JSON body the API accepts (uploads use their own multipart limit). */
  jsonBodyMaxBytes: 1024 * 1024,
  /** getwxacodeunlimit's `scene` holds at most 32 visible characters. */
  inviteCodeMax: 32,
} as const;
