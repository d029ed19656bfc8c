import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule, AuthGuard } from '@tongxin/accounts';
import { AllExceptionsFilter, LoggingModule } from '@tongxin/common';
import { ConfigModule, Env } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { EventsModule } from '@tongxin/events';
import { MessagesModule } from '@tongxin/messages';
import { OrganizationsModule } from '@tongxin/organizations';
import { QueueModule } from '@tongxin/queue';
import { RegistrationsModule } from '@tongxin/registrations';
import { AuthController } from './auth/auth.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { DevMailController } from './messages/dev-mail.controller';
import { MessagesController } from './messages/messages.controller';
import { PublicMessagesController } from './messages/public-messages.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { PublicEventsController } from './public/public-events.controller';
import { GroupRegistrationsController } from './registrations/group-registrations.controller';
import { PublicRegistrationsController } from './registrations/public-registrations.controller';
import { RegistrationsController } from './registrations/registrations.controller';
import { SeriesController } from './series/series.controller';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    TerminusModule.forRoot({ logger: false }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        // In memory, per api process: with N apis behind a balancer an address gets up to N times the limit.
        throttlers: [
          { name: 'auth', ttl: 60_000, limit: config.get('AUTH_RATE_LIMIT_PER_MINUTE', { infer: true }) },
          { name: 'public', ttl: 60_000, limit: config.get('PUBLIC_RATE_LIMIT_PER_MINUTE', { infer: true }) },
        ],
      }),
    }),
    AccountsModule,
    OrganizationsModule,
    EventsModule,
    RegistrationsModule,
    MessagesModule,
  ],
  controllers: [
    AuthController,
    OrganizationsController,
    EventsController,
    SeriesController,
    PublicEventsController,
    PublicRegistrationsController,
    GroupRegistrationsController,
    RegistrationsController,
    MessagesController,
    PublicMessagesController,
    DevMailController,
    HealthController,
  ],
  providers: [
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class ApiModule {}
