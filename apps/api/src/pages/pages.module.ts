import { FactoryProvider, MiddlewareConsumer, Module, NestModule, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccountsModule } from '@tongxin/accounts';
import { AttendanceModule } from '@tongxin/attendance';
import { PublicLinks } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { EventsModule } from '@tongxin/events';
import { MessagesModule } from '@tongxin/messages';
import { OrganizationsModule } from '@tongxin/organizations';
import { RegistrationsModule } from '@tongxin/registrations';
import { SummariesModule } from '@tongxin/summaries';
import { AuthPagesController } from './console/auth-pages.controller';
import { ConsoleSessionGuard } from './console/console-session.guard';
import { EventsPagesController } from './console/events-pages.controller';
import { EventQuestionsPagesController } from './console/event-questions-pages.controller';
import { TeamPagesController } from './console/team-pages.controller';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RateLimiterService } from '../rate-limit/rate-limiter.service';
import { AttendancePagesController } from './console/attendance-pages.controller';
import { DoorPagesController } from './console/door-pages.controller';
import { SeriesPagesController } from './console/series-pages.controller';
import { SummaryPagesController } from './console/summary-pages.controller';
import { MessagesPagesController } from './console/messages-pages.controller';
import { RegistrationsPagesController } from './console/registrations-pages.controller';
import { HomeController } from './home.controller';
import { CsrfGuard, CsrfTokens, PageContextMiddleware } from './page-context';
import { PublicEventPagesController } from './public/event-pages.controller';
import { PublicGroupPagesController } from './public/group-pages.controller';
import { JoinPagesController, UnsubscribePagesController } from './public/link-pages.controller';
import { PublicRegistrationPagesController } from './public/registration-pages.controller';

/** Every page controller, by area (public: /e /r /g /u; console: /console; door: /console/events/:id/door). */
const PAGE_CONTROLLERS: Type[] = [
  HomeController,
  AuthPagesController,
  EventsPagesController,
  EventQuestionsPagesController,
  TeamPagesController,
  RegistrationsPagesController,
  MessagesPagesController,
  DoorPagesController,
  AttendancePagesController,
  SummaryPagesController,
  SeriesPagesController,
  PublicEventPagesController,
  PublicRegistrationPagesController,
  PublicGroupPagesController,
  JoinPagesController,
  UnsubscribePagesController,
];

/** The pages' links (PublicLinks, pagePath), over PUBLIC_URL read here once: no page controller reads it. */
const PUBLIC_LINKS: FactoryProvider<PublicLinks> = {
  provide: PublicLinks,
  useFactory: (config: ConfigService<Env, true>) => new PublicLinks(config.get('PUBLIC_URL', { infer: true })),
  inject: [ConfigService],
};

/** The server-rendered pages, on the same services (and rules and errors) as the JSON API. */
@Module({
  imports: [
    AccountsModule,
    EventsModule,
    OrganizationsModule,
    RegistrationsModule,
    MessagesModule,
    AttendanceModule,
    SummariesModule,
  ],
  controllers: PAGE_CONTROLLERS,
  // RateLimiterService and RateLimitGuard again here: console routes limited per organizer count after the session
  // guard (route-level @UseGuards(RateLimitGuard)); the counters are the same Redis keys as the api's.
  providers: [CsrfTokens, CsrfGuard, ConsoleSessionGuard, RateLimiterService, RateLimitGuard, PUBLIC_LINKS],
})
export class PagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PageContextMiddleware).forRoutes(...PAGE_CONTROLLERS);
  }
}
