import { randomBytes } from 'node:crypto';
import { InviteLimits } from '@quanzi/contract';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Largest multiple of 62 below 256: bytes at or above it are dropped so every character is equally likely. */
const UNBIASED_LIMIT = 248;

/**
 * A new invite code: base62 from the OS CSPRNG, scene-safe (getwxacodeunlimit allows 32
 * characters), ≈ 59 bits at 10 characters, so guessing live codes is impractical.
 */
export function newInviteCode(length: number = InviteLimits.codeLength): string {
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      code += ALPHABET[byte % 62];
      if (code.length === length) break;
    }
  }
  return code;
}
