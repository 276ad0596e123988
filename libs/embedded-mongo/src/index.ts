import { Engine, EngineOptions } from './engine';
import { WireServer } from './server';

export interface EmbeddedMongoOptions extends EngineOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
}

export interface EmbeddedMongo {
  /** A connection string for the official driver, mongoose, mongosh or Compass. */
  uri: string;
  port: number;
  /** Stops listening and closes the data directory (snapshot written, lock released). */
  stop(): Promise<void>;
}

/** Starts the engine and its wire server. In memory without `dbPath`; durable with it. */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const engine = new Engine(options);
  engine.open();
  const host = options.host ?? '127.0.0.1';
  const server = new WireServer(engine);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (e) {
    engine.close();
    throw e;
  }
  let stopped = false;
  return {
    uri: `mongodb://${host}:${port}/?directConnection=true`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      engine.close();
    },
  };
}

export { Engine } from './engine';
export type { EngineOptions } from './engine';
