/** A member's role inside one circle, weakest first. */
export const CircleRoles = ['member', 'admin', 'owner'] as const;
export type CircleRole = (typeof CircleRoles)[number];

/** True when `actual` carries at least the rights of `required` (owner ⊃ admin ⊃ member). */
export function roleSatisfies(actual: CircleRole | null | undefined, required: CircleRole): boolean {
  if (!actual) return false;
  return CircleRoles.indexOf(actual) >= CircleRoles.indexOf(required);
}
