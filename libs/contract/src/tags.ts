import type { Id, IsoTime } from './common';

export const TagLimits = {
  nameMax: 16,
  /** Members one bulk tagging call may touch. */
  bulkUsersMax: 1000,
  /** Tags one bulk call may add or remove (each). */
  bulkTagsMax: 20,
} as const;

/** `#rrggbb`. */
export const TagColorPattern = /^#[0-9a-fA-F]{6}$/;
export const TagColorDefault = '#3b82f6';

/** A tag definition of a circle. */
export interface TagView {
  id: Id;
  circleId: Id;
  name: string;
  color: string;
  createdAt: IsoTime;
}

export interface CreateTagRequest {
  name: string;
  color?: string;
}

export interface UpdateTagRequest {
  name?: string;
  color?: string;
}

/** `POST /api/circles/:id/members/tags`: add and/or remove tags on many members at once. */
export interface BulkTagRequest {
  userIds: Id[];
  add?: Id[];
  remove?: Id[];
}

export interface BulkTagResponse {
  /** Of `userIds`, those with a membership in the circle (others are ignored). */
  members: number;
  /** Tag grants created (a tag a member already held is not counted). */
  added: number;
  /** Tag grants removed. */
  removed: number;
}
