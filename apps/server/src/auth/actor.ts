import type { CircleRole } from '@quanzi/contract';

/** Who is calling: set by the auth guard from a verified bearer token. */
export interface Actor {
  userId: string;
  /** The brand mini-program the token was issued through (its appid); null/absent: the default app. */
  appId?: string | null;
}

/** Set by the auth guard on routes declared with @CircleRole. */
export interface CircleAccess {
  circleId: string;
  role: CircleRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    circleAccess?: CircleAccess;
  }
}
