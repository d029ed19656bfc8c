import { MiddlewareConsumer, Module, NestModule, Type } from '@nestjs/common';
import { AccountsModule } from '@tongxin/accounts';
import { AuthPagesController } from './console/auth-pages.controller';
import { ConsoleSessionGuard } from './console/console-session.guard';
import { HomeController } from './home.controller';
import { CsrfGuard, CsrfTokens, PageContextMiddleware } from './page-context';

/** Every page controller, by area (public: /e /r /g /u; console: /console; door: /console/events/:id/door). */
const PAGE_CONTROLLERS: Type[] = [HomeController, AuthPagesController];

/** The server-rendered pages, on the same services (and rules and errors) as the JSON API. */
@Module({
  imports: [AccountsModule],
  controllers: PAGE_CONTROLLERS,
  providers: [CsrfTokens, CsrfGuard, ConsoleSessionGuard],
})
export class PagesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PageContextMiddleware).forRoutes(...PAGE_CONTROLLERS);
  }
}
