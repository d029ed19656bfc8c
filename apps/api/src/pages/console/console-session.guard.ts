import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccountsService, Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../page-context';

/**
 * Console pages: the organizer is whoever the session cookie stands for (the JSON API keeps its bearer tokens).
 * Without a live session the page filter sends the browser to the login page, and back here after it.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(private readonly accounts: AccountsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { actor?: Actor }>();
    const token = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
    const actor = await this.accounts.sessionActor(token);
    if (!actor) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Sign in to use the console');
    req.actor = actor;
    http.getResponse<Response>().locals.user = { email: actor.email };
    return true;
  }
}
