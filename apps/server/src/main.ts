import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadSettings } from './config/settings';
import { HealthState } from './health/health.state';

/** After this long a shutdown that has not finished (a stuck request or socket) exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  let settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Quanzi cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp({ settings });
  const logger = new Logger('Quanzi');
  await app.listen({ port: settings.port, host: settings.host });
  // PORT=0 picks a free port; print the real one so scripts and people can find it.
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  logger.log(`listening on http://${settings.host}:${port} (public URL ${settings.publicBaseUrl})`);

  // Graceful shutdown (instead of Nest's enableShutdownHooks, which re-kills the process after close):
  // readiness fails at once, the HTTP server stops accepting, closes idle keep-alive sockets and lets
  // in-flight requests finish; then Nest's hooks stop timers, close mongoose and let the embedded
  // engine flush to disk; then the process exits 0.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.get(HealthState).markDraining();
    logger.log(`${signal}: draining and shutting down`);
    setTimeout(() => {
      logger.error(`shutdown did not finish in ${SHUTDOWN_TIMEOUT_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // HTTP first (Nest's close runs module destroy hooks before it closes the server): stop accepting,
    // drop idle sockets, wait for in-flight requests; then the rest of the application.
    const http = app.getHttpServer();
    const drained = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    drained
      .then(() => app.close())
      .then(
        () => {
          logger.log('shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => shutdown(signal));
}

bootstrap().catch((error: unknown) => {
  console.error('Quanzi failed to start:', error);
  process.exit(1);
});
