import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { DomainError, httpStatusOf, pagePath } from '@tongxin/common';
import { MessagesService } from '@tongxin/messages';
import type { Response } from 'express';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { PageController } from '../page-controller';
import { PageExceptionFilter } from '../page-exception.filter';
import type { Body as FormBody } from './public-views';

/**
 * A personal join link (/j/:token): a confirmed attendee goes straight to the meeting (302, as the JSON API's join
 * route, recorded as a join); anyone else gets a page that says why not.
 */
@PageController('j')
export class JoinPagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get(':token')
  @RateLimit('public', 'link')
  async join(@Param('token') token: string, @Res() res: Response) {
    let url: string;
    try {
      url = await this.messages.joinUrl(token);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(httpStatusOf(error.code)).render('public/join', {
        reason: `public.join.reason.${error.code}`,
        noindex: true,
        bodyClass: 'pub',
      });
      return;
    }
    res.redirect(302, url);
  }
}

/**
 * A page controller without the form-token check: mail providers post RFC 8058 one-click unsubscribes
 * (List-Unsubscribe=One-Click) to this link with no cookie and no form token. The token in the path is the
 * credential, which a page of another site cannot know, so the form token would add nothing here.
 */
const LinkController = (path: string) =>
  applyDecorators(Controller(path), Public(), ApiExcludeController(), UseFilters(PageExceptionFilter));

/** The unsubscribe link (/u/:token): asks first, then stops the event's announcements to the address. */
@LinkController('u')
export class UnsubscribePagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get(':token')
  @RateLimit('public', 'link')
  async page(@Param('token') token: string, @Res() res: Response) {
    res.render('public/unsubscribe', {
      target: await this.messages.unsubscribeTarget(token),
      token,
      noindex: true,
      bodyClass: 'pub',
    });
  }

  @Post(':token')
  @HttpCode(200)
  @RateLimit('public', 'link')
  async unsubscribe(@Param('token') token: string, @Body() body: FormBody, @Res() res: Response) {
    await this.messages.unsubscribe(token);
    // A mail provider's one-click post wants a plain 200; a person's form post lands on the page, which now says so.
    if (body?.['List-Unsubscribe'] === 'One-Click') {
      res.type('text/plain').send('unsubscribed');
      return;
    }
    res.redirect(303, pagePath('unsubscribe', token));
  }
}
