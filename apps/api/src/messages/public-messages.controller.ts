import { Controller, Get, HttpCode, Param, Post, Redirect, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiFoundResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import { MessagesService } from '@tongxin/messages';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import { UnsubscribeDto } from './dto/message.dto';

const UNSUBSCRIBE_PAGE = Handlebars.compile(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>退订活动通知 / Unsubscribe</title></head>
<body style="font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', Helvetica, Arial, sans-serif; max-width: 560px; margin: 40px auto; padding: 0 16px;">
{{#if unsubscribed}}
<p>{{email}} 已不再接收“{{eventTitle}}”的活动通知。</p>
<p>{{email}} will no longer receive announcements about “{{eventTitle}}”.</p>
{{else}}
<p>不再接收“{{eventTitle}}”的活动通知？（{{email}}）</p>
<p>Stop announcements about “{{eventTitle}}” to {{email}}?</p>
<form method="post"><button type="submit">退订 / Unsubscribe</button></form>
{{/if}}
<p style="color: #888; font-size: 12px;">报名确认、提醒等与您报名相关的邮件仍会发送。Messages about your own registration (confirmations, reminders) still arrive.</p>
</body></html>`);

/** Links attendees follow from their email: unsubscribe from announcements, join online. */
@ApiTags('public')
@Public()
@RateLimit('public', 'link')
@ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'RATE_LIMITED' })
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'REGISTRATION_NOT_FOUND: the link is not valid' })
@Controller('public')
export class PublicMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('unsubscribe/:token')
  @ApiOperation({ summary: 'The page behind an announcement’s unsubscribe link: asks before unsubscribing' })
  @ApiOkResponse({
    description: 'An HTML page with the form that unsubscribes',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async unsubscribePage(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const page = UNSUBSCRIBE_PAGE(await this.messages.unsubscribeTarget(token));
    res.type('html');
    return page;
  }

  @Post('unsubscribe/:token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsubscribe from the event’s announcements (also the RFC 8058 one-click target); this link never expires',
  })
  @ApiOkResponse({ type: UnsubscribeDto })
  async unsubscribe(@Param('token') token: string): Promise<UnsubscribeDto> {
    return this.messages.unsubscribe(token);
  }

  @Get('join/:token')
  @Redirect()
  @ApiOperation({ summary: 'A personal join link: redirects a confirmed attendee to the online meeting' })
  @ApiFoundResponse({
    description: 'Redirect to the online meeting',
    headers: { Location: { description: 'The meeting URL', schema: { type: 'string', format: 'uri' } } },
  })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description: 'EVENT_CANCELLED, REGISTRATION_NOT_ACTIONABLE (not confirmed)',
  })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async join(@Param('token') token: string): Promise<{ url: string; statusCode: number }> {
    return { url: await this.messages.joinUrl(token), statusCode: 302 };
  }
}
