import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import { startEmbeddedMongo } from '@quanzi/embedded-mongo';
import { Settings } from '../config/settings';

/** Where the data lives: an external MongoDB, or the embedded engine this process started. */
export abstract class DatabaseTarget {
  abstract readonly kind: 'embedded' | 'mongodb';
  abstract readonly uri: string;
  abstract stop(): Promise<void>;
}

export async function openDatabaseTarget(settings: Settings): Promise<DatabaseTarget> {
  if (settings.mongodbUri) {
    return { kind: 'mongodb', uri: settings.mongodbUri, stop: async () => undefined };
  }
  const logger = new Logger('Database');
  let dbPath: string | undefined;
  if (!settings.dbInMemory) {
    dbPath = path.join(settings.dataDir, 'db');
    await fs.mkdir(dbPath, { recursive: true });
  }
  // port 0: a free port, so several servers (tests, dev) never collide.
  const engine = await startEmbeddedMongo({ port: 0, dbPath });
  logger.log(`embedded engine on port ${engine.port} (${dbPath ? `data in ${dbPath}` : 'in memory'})`);
  return { kind: 'embedded', uri: engine.uri, stop: () => engine.stop() };
}

@Global()
@Module({
  providers: [{ provide: DatabaseTarget, inject: [Settings], useFactory: openDatabaseTarget }],
  exports: [DatabaseTarget],
})
export class DatabaseTargetModule {}
