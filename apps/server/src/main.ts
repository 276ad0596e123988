import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadSettings } from './config/settings';

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
  // SIGINT/SIGTERM close Nest, which closes mongoose and lets the embedded engine flush to disk.
  app.enableShutdownHooks();
  await app.listen({ port: settings.port, host: settings.host });
  // PORT=0 picks a free port; print the real one so scripts and people can find it.
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  new Logger('Quanzi').log(`listening on http://${settings.host}:${port} (public URL ${settings.publicBaseUrl})`);
}

bootstrap().catch((error: unknown) => {
  console.error('Quanzi failed to start:', error);
  process.exit(1);
});
