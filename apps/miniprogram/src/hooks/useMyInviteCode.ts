import { useEffect, useState } from 'react';
import { useAuth } from '../services/auth';
import { quietApi } from '../services/http';

// One lookup per account and circle: the personal code is stable, and every share on a page asks for it.
const codes = new Map<string, Promise<string | null>>();
const known = new Map<string, string>();

/** The code when it was already fetched (a share callback that cannot wait uses it). */
export function knownInviteCode(circleId: string, token: string): string | null {
  return known.get(`${token}|${circleId}`) ?? null;
}

/**
 * The member's personal invite code for a circle, fetched once per circle (`token`: whose). The
 * first call creates the member's personal invite: call it when the member shares, not on views.
 */
export function myInviteCode(circleId: string, token: string): Promise<string | null> {
  const key = `${token}|${circleId}`;
  let code = codes.get(key);
  if (!code) {
    code = quietApi.myInvite(circleId).then(
      (invite) => {
        known.set(key, invite.code);
        return invite.code;
      },
      () => {
        // Not a member (or offline): share without a code, and ask again next time.
        codes.delete(key);
        return null;
      },
    );
    codes.set(key, code);
  }
  return code;
}

/**
 * The signed-in member's personal invite code for `circleId`: undefined while unknown, null when
 * it cannot be had (not a member, offline): every share carries it, so a join says which member brought it.
 */
export function useMyInviteCode(circleId: string | null | undefined, enabled = true): string | null | undefined {
  const { token } = useAuth();
  const [code, setCode] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    setCode(undefined);
    if (!circleId || !enabled || !token) return;
    let live = true;
    void myInviteCode(circleId, token).then((c) => {
      if (live) setCode(c);
    });
    return () => {
      live = false;
    };
  }, [circleId, enabled, token]);
  return code;
}
