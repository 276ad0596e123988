import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Limits } from '@quanzi/contract';
import { AppModule } from './app.module';
import { assertJsonDepth } from './common/json-depth';
import type { Settings } from './config/settings';
import { mountH5 } from './h5';
import { registerSecurityHeaders } from './security-headers';

export interface CreateAppOptions {
  settings: Settings;
  logger?: LogLevel[] | false;
}

/**
 * Builds the whole application (API, OpenAPI docs, H5 app) without listening, so main.ts and
 * the tests boot exactly the same thing.
 */
export async function createApp({ settings, logger }: CreateAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(settings),
    new FastifyAdapter({ bodyLimit: Limits.jsonBodyMaxBytes, trustProxy: settings.abuse.trustProxy }),
    // abortOnError false: a failed boot throws to the caller instead of exiting the process.
    // bodyParser false: Fastify's own JSON parser, replaced below, instead of Nest's copy of it.
    { logger: logger ?? ['log', 'warn', 'error'], abortOnError: false, bodyParser: false },
  );
  await configureApp(app, settings);
  return app;
}

/** Prefix, docs, CORS and the H5 app: everything createApp adds after Nest builds the modules. */
export async function configureApp(app: NestFastifyApplication, settings: Settings): Promise<void> {
  app.setGlobalPrefix('api');
  // WebSocket gateways (live/) upgrade on Fastify's own HTTP server: one port for API and /api/ws.
  app.useWebSocketAdapter(new WsAdapter(app));
  acceptEmptyJsonBodies(app);
  await registerSecurityHeaders(app, settings);

  const openApi = new DocumentBuilder()
    .setTitle('Quanzi 圈子 API')
    .setDescription('Errors are `{ code, message, details }`; see libs/contract for the typed contract.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));

  // Bearer tokens, no cookies: any origin may call (the H5 dev server, integrators) without
  // gaining ambient credentials.
  app.enableCors({ origin: true, credentials: false });
  await mountH5(app, settings.h5Dir);
}

/**
 * Many HTTP clients (wx.request among them) send `content-type: application/json` on a DELETE or
 * a bodiless POST. Fastify's JSON parser refuses an empty body; treat it as no body instead, and
 * keep Fastify's own parser (with its prototype-poisoning protection) for everything else.
 */
function acceptEmptyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: Limits.jsonBodyMaxBytes },
    (req, body, done) => {
      if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
      try {
        assertJsonDepth(body as string);
      } catch (error) {
        return done(error as Error, undefined);
      }
      parseJson(req, body as string, done);
    },
  );
}
