import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { SessionStateCache } from './session-state';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A key object, made once: given the secret as a string, jsonwebtoken first tries (and fails) to read it as a
      // public key on every verification, an exception per request.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.ttlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, SessionStateCache, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService, SessionStateCache, JwtModule],
})
export class AuthModule {}
