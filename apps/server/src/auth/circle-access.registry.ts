import { Injectable } from '@nestjs/common';
import { roleSatisfies, type CircleRole } from '@quanzi/contract';
import { forbidden, notFound } from '../common/domain-error';

/** Implemented by the circles module: the caller's active role in a circle, or null. */
export interface CircleMembershipReader {
  /** null role: not an active member. `exists: false`: there is no such circle. */
  roleOf(circleId: string, userId: string): Promise<{ exists: boolean; role: CircleRole | null }>;
}

/** Maps some other resource's id (a post, an event …) to the id of the circle that owns it. */
export type CircleIdResolver = (resourceId: string) => Promise<string | null>;

/**
 * Where circle-scoped modules plug into the auth guard without the auth module importing them
 * (which would be a cycle): the circles module registers the membership reader, and modules
 * whose routes are keyed by their own ids register a resolver, both in `onModuleInit`.
 */
@Injectable()
export class CircleAccessRegistry {
  private reader: CircleMembershipReader | null = null;
  private readonly resolvers = new Map<string, CircleIdResolver>();

  setMembershipReader(reader: CircleMembershipReader): void {
    this.reader = reader;
  }

  registerResolver(kind: string, resolver: CircleIdResolver): void {
    if (this.resolvers.has(kind)) throw new Error(`circle id resolver '${kind}' registered twice`);
    this.resolvers.set(kind, resolver);
  }

  async resolveCircleId(resourceId: string, via?: string): Promise<string | null> {
    if (!via) return resourceId;
    const resolver = this.resolvers.get(via);
    if (!resolver) throw new Error(`no circle id resolver registered for '${via}'`);
    return resolver(resourceId);
  }

  /** Whether a resource of a registered kind (post, event, poll …) exists in this circle. */
  async belongsToCircle(kind: string, resourceId: string, circleId: string): Promise<boolean> {
    if (!/^[0-9a-fA-F]{24}$/.test(resourceId)) return false;
    return (await this.resolveCircleId(resourceId, kind)) === circleId;
  }

  /** The caller's role, checked against `required`; throws NOT_FOUND / FORBIDDEN. */
  async requireRole(circleId: string, userId: string, required: CircleRole): Promise<CircleRole> {
    if (!this.reader) throw new Error('no CircleMembershipReader registered (is the circles module loaded?)');
    const { exists, role } = await this.reader.roleOf(circleId, userId);
    if (!exists) throw notFound('圈子');
    return requireRole(role, required);
  }
}

/** For services that learn the circle themselves: throws FORBIDDEN unless `actual` ⊇ `required`. */
export function requireRole(actual: CircleRole | null, required: CircleRole): CircleRole {
  if (!actual || !roleSatisfies(actual, required)) {
    throw forbidden(required === 'member' ? '仅限圈子成员' : required === 'owner' ? '仅限圈主' : '仅限圈子管理员');
  }
  return actual;
}
