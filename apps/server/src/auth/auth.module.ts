import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Settings } from '../config/settings';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CircleAccessRegistry } from './circle-access.registry';
import { DevAuthController } from './dev-auth.controller';
import { ExportLinksController } from './export-links.controller';
import { ExportLinksService } from './export-links.service';
import { TokenService } from './token.service';

/** Global so circle-scoped modules can reach CircleAccessRegistry to plug in their lookups. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: AuthModule,
      imports: [UsersModule],
      controllers: settings.devLogin
        ? [AuthController, DevAuthController, ExportLinksController]
        : [AuthController, ExportLinksController],
      providers: [
        AuthService,
        TokenService,
        CircleAccessRegistry,
        ExportLinksService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenService, CircleAccessRegistry],
    };
  }
}
