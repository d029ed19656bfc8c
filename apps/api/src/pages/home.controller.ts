import { Get, Redirect } from '@nestjs/common';
import { PageController } from './page-controller';

@PageController()
export class HomeController {
  /** The platform has no public landing page of its own: events are reached by their links; organizers work here. */
  @Get()
  @Redirect('/console', 302)
  home(): void {}
}
