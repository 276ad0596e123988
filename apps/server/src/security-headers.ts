import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Settings } from './config/settings';

/**
 * The hashes of the inline scripts in the H5 build's index.html (Taro inlines its rem sizing
 * script), so the CSP can allow exactly those and no other inline script.
 */
export async function inlineScriptHashes(h5Dir: string): Promise<string[]> {
  let html: string;
  try {
    html = await fs.readFile(path.join(h5Dir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (match[1]) hashes.push(`'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * Taro's H5 tab bar renders `<a href="javascript:;">`; a click navigates to that no-op URL, which
 * a CSP blocks (and reports) unless its hash is allowed with 'unsafe-hashes'. Only that exact
 * no-op is allowed: no other javascript: URL, inline handler or inline script.
 */
const TARO_NOOP_LINK = `'sha256-${createHash('sha256').update('javascript:;').digest('base64')}'`;

/** Origins besides our own that the app may load from: PUBLIC_BASE_URL when it differs (uploads, API). */
function ownOrigins(settings: Settings): string[] {
  try {
    return [new URL(settings.publicBaseUrl).origin];
  } catch {
    return [];
  }
}

/**
 * Security headers on every response (API, docs, H5, uploads): nosniff, no framing, no referrer,
 * and a CSP the Taro H5 build runs under — scripts only from this origin plus the hashed inline
 * one; inline styles allowed because Taro's components inject <style> elements at runtime;
 * images from https anywhere because avatars may be any https URL members set.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, settings: Settings): Promise<void> {
  const origins = ownOrigins(settings);
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(await inlineScriptHashes(settings.h5Dir)), "'unsafe-hashes'", TARO_NOOP_LINK],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:', ...origins],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...origins],
        mediaSrc: ["'self'", 'blob:', ...origins],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Uploaded images and posters are public and may be shown by an H5 build on another origin.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // HSTS only means something over https; never claim every subdomain of the deployment's domain.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
}
