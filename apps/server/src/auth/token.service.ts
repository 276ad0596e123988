import { Injectable } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import { Settings } from '../config/settings';
import type { Actor } from './actor';

const ISSUER = 'quanzi';

/** Signs and verifies the bearer tokens (HS256). The token carries the user id only. */
@Injectable()
export class TokenService {
  constructor(private readonly settings: Settings) {}

  sign(userId: string): string {
    return jwt.sign({}, this.settings.jwtSecret, {
      algorithm: 'HS256',
      issuer: ISSUER,
      subject: userId,
      expiresIn: this.settings.jwtTtlSeconds,
    });
  }

  /** The actor for a valid token, or null for anything else (expired, forged, malformed). */
  verify(token: string): Actor | null {
    try {
      const payload = jwt.verify(token, this.settings.jwtSecret, { algorithms: ['HS256'], issuer: ISSUER });
      if (typeof payload === 'string' || typeof payload.sub !== 'string' || !/^[0-9a-f]{24}$/.test(payload.sub)) return null;
      return { userId: payload.sub };
    } catch {
      return null;
    }
  }
}
