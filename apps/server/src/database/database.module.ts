import { Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import mongoose, { type Connection } from 'mongoose';
import { DatabaseTarget, DatabaseTargetModule } from './database.target';
import { UnitOfWork } from './unit-of-work';

// No user string may become a query operator, and no unknown path may slip into a filter.
// Operators the server writes itself must be wrapped: `{ day: trusted({ $gte: from }) }`.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('strict', 'throw');

/** Syncs indexes once every model is registered, and stops the engine after the connection. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly target: DatabaseTarget,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // syncIndexes also drops indexes no schema declares any more, so the schemas stay the truth.
    await this.connection.syncIndexes();
    this.logger.log(`indexes synced for ${Object.keys(this.connection.models).length} models`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
    await this.target.stop();
  }
}

/** Global like config: every domain writes through the one UnitOfWork. */
@Global()
@Module({
  imports: [
    DatabaseTargetModule,
    MongooseModule.forRootAsync({
      inject: [DatabaseTarget],
      useFactory: (target: DatabaseTarget) => ({
        uri: target.uri,
        // Indexes are built by syncIndexes at boot, once, instead of racing per model.
        autoIndex: false,
        autoCreate: true,
      }),
    }),
  ],
  providers: [DatabaseLifecycle, UnitOfWork],
  exports: [UnitOfWork],
})
export class DatabaseModule {}
