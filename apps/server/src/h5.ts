import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built H5 app at `/` so one process is the whole product: existing files as they
 * are, any other non-API path as index.html (the SPA's router takes over). `/api/*` misses
 * fall through to the API's JSON 404.
 */
export async function mountH5(app: NestFastifyApplication, h5Dir: string): Promise<boolean> {
  const logger = new Logger('H5');
  const root = path.resolve(h5Dir);
  if (!(await isFile(path.join(root, 'index.html')))) {
    logger.warn(
      `no H5 build at ${root} (index.html missing): serving the API only; build apps/miniprogram for h5 to serve the app at /`,
    );
    return false;
  }
  const fastify = app.getHttpAdapter().getInstance();
  // serve: false only decorates reply.sendFile (which refuses paths outside root); routing is ours.
  await fastify.register(fastifyStatic, { root, serve: false });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(request.url.split('?')[0]);
    } catch {
      return reply.callNotFound();
    }
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return reply.callNotFound();
    const relative = path.posix.normalize(urlPath).replace(/^\/+/, '');
    const absolute = path.join(root, relative);
    if (relative && absolute.startsWith(root + path.sep) && (await isFile(absolute))) {
      return reply.sendFile(relative);
    }
    // index.html names hashed bundles, so it must never be cached past a deploy.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  fastify.get('/', handler);
  fastify.get('/*', handler);
  logger.log(`serving H5 app from ${root}`);
  return true;
}
