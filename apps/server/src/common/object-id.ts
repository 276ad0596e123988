import { Injectable, type PipeTransform } from '@nestjs/common';
import { Types } from 'mongoose';
import { notFound } from './domain-error';

/** Exactly the 24-hex spelling (`ObjectId.isValid` also takes any 12-character string). */
export const OBJECT_ID_HEX = /^[0-9a-fA-F]{24}$/;

export const isObjectIdHex = (id: unknown): id is string => typeof id === 'string' && OBJECT_ID_HEX.test(id);

/** For ids already known to be valid (from the auth guard, a pipe, a DTO or the database). */
export const oid = (id: string | Types.ObjectId): Types.ObjectId =>
  typeof id === 'string' ? new Types.ObjectId(id) : id;

/** An id from outside that may be malformed: the ObjectId, or null. */
export const parseObjectId = (id: unknown): Types.ObjectId | null =>
  isObjectIdHex(id) ? new Types.ObjectId(id) : null;

/**
 * `@Param('id', new ObjectIdPipe('活动'))`: a route id becomes a typed ObjectId once, at the
 * edge; a malformed one is the same 404 「活动不存在」 an unknown one is, so services never
 * re-check ids.
 */
@Injectable()
export class ObjectIdPipe implements PipeTransform<unknown, Types.ObjectId> {
  constructor(private readonly what: string) {}

  transform(value: unknown): Types.ObjectId {
    const id = parseObjectId(value);
    if (!id) throw notFound(this.what);
    return id;
  }
}
