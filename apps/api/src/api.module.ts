import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule, AuthGuard } from '@tongxin/accounts';
import { AttendanceModule } from '@tongxin/attendance';
import { AllExceptionsFilter, LoggingModule } from '@tongxin/common';
import { ConfigModule } from '@tongxin/config';
import { DatabaseModule } from '@tongxin/database';
import { EventsModule } from '@tongxin/events';
import { MessagesModule } from '@tongxin/messages';
import { OrganizationsModule } from '@tongxin/organizations';
import { QueueModule } from '@tongxin/queue';
import { RegistrationsModule } from '@tongxin/registrations';
import { AttendanceImportController } from './attendance/attendance-import.controller';
import { CheckInsController } from './attendance/check-ins.controller';
import { WalkInsController } from './attendance/walk-ins.controller';
import { AuthController } from './auth/auth.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { DevMailController } from './messages/dev-mail.controller';
import { MessagesController } from './messages/messages.controller';
import { PublicMessagesController } from './messages/public-messages.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { PublicEventsController } from './public/public-events.controller';
import { GroupRegistrationsController } from './registrations/group-registrations.controller';
import { LinkRequestsController } from './registrations/link-requests.controller';
import { PublicRegistrationsController } from './registrations/public-registrations.controller';
import { RegistrationsController } from './registrations/registrations.controller';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import { SeriesController } from './series/series.controller';
import { SummariesApiModule } from './summaries/summaries-api.module';
import { MetricsApiModule } from './metrics/metrics-api.module';
import { PagesModule } from './pages/pages.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    TerminusModule.forRoot({ logger: false }),
    AccountsModule,
    OrganizationsModule,
    EventsModule,
    RegistrationsModule,
    MessagesModule,
    AttendanceModule,
    SummariesApiModule,
    MetricsApiModule,
    PagesModule,
  ],
  controllers: [
    AuthController,
    OrganizationsController,
    EventsController,
    SeriesController,
    PublicEventsController,
    PublicRegistrationsController,
    GroupRegistrationsController,
    LinkRequestsController,
    RegistrationsController,
    AttendanceImportController,
    CheckInsController,
    WalkInsController,
    MessagesController,
    PublicMessagesController,
    DevMailController,
    HealthController,
  ],
  providers: [
    RateLimiterService,
    // Guards run in this order: who is calling, then the limits (some count per organizer).
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class ApiModule {}
