import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Settings } from '../config/settings';

const PREFIX = 'QZT1';
const SIG_BYTES = 16;

/**
 * E-ticket codes: `QZT1.<registrationId>.<signature>`. The signature is an HMAC (key derived
 * from JWT_SECRET) over the registration and its event, so a code cannot be guessed or altered,
 * and one event's codes are useless at another's door. The QR image is drawn by the client.
 */
@Injectable()
export class TicketCodes {
  private readonly key: Buffer;

  constructor(settings: Settings) {
    // A derived key: leaking ticket codes tells nothing about the token-signing secret.
    this.key = createHmac('sha256', settings.jwtSecret).update('quanzi:ticket-code:v1').digest();
  }

  issue(registrationId: string, eventId: string): string {
    return `${PREFIX}.${registrationId}.${this.sign(registrationId, eventId).toString('base64url')}`;
  }

  /** The registration id a well-formed code names (its signature is checked by `verify`). */
  parse(code: string): { registrationId: string; signature: Buffer } | null {
    const parts = code.trim().split('.');
    if (
      parts.length !== 3 ||
      parts[0] !== PREFIX ||
      !/^[0-9a-f]{24}$/.test(parts[1]) ||
      !/^[A-Za-z0-9_-]{1,64}$/.test(parts[2])
    )
      return null;
    const signature = Buffer.from(parts[2], 'base64url');
    // Only the canonical spelling: base64url's last character carries unused bits, so several
    // strings decode to the same bytes; a code must be exactly the one we issued.
    if (signature.toString('base64url') !== parts[2]) return null;
    return { registrationId: parts[1], signature };
  }

  verify(signature: Buffer, registrationId: string, eventId: string): boolean {
    const expected = this.sign(registrationId, eventId);
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }

  private sign(registrationId: string, eventId: string): Buffer {
    return createHmac('sha256', this.key).update(`${registrationId}:${eventId}`).digest().subarray(0, SIG_BYTES);
  }
}
