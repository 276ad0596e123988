import { DynamicModule, Global, Module } from '@nestjs/common';
import { Settings } from './settings';

/** Provides the boot-validated Settings everywhere; nothing else reads process.env. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(settings: Settings): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: Settings, useValue: settings }], exports: [Settings] };
  }
}
