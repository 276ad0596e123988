/** Statuses that hold a seat (count in `sold`). Also read by the repair-counters audit. */
export const SEAT_STATUSES = ['pending_approval', 'pending_payment', 'confirmed', 'checked_in'] as const;
/** Statuses that count against the per-person limit. */
export const LIVE_STATUSES = [...SEAT_STATUSES, 'waitlisted'] as const;
