import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import type { Env } from '@tongxin/config';
import { OutboxModule } from '@tongxin/outbox';
import { AccountsService } from './accounts.service';
import { AuthGuard } from './auth.guard';
import { PasswordResetsService } from './password-resets.service';

@Module({
  imports: [
    OutboxModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.get('JWT_EXPIRES_IN', { infer: true }) as `${number}${'s' | 'm' | 'h' | 'd'}`,
        },
      }),
    }),
  ],
  providers: [AccountsService, PasswordResetsService, AuthGuard],
  exports: [AccountsService, PasswordResetsService, AuthGuard],
})
export class AccountsModule {}
