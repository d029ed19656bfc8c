import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { Request } from 'express';
import { AccountsService } from './accounts.service';
import type { Actor } from './actor';

const PUBLIC_ROUTE = 'tongxin:public-route';

/** Marks a route (or controller) as open to anyone: no bearer token required. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

type RequestWithActor = Request & { actor?: Actor };

/** The organizer making the request, as verified by AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new DomainError(ErrorCode.UNAUTHORIZED, 'Sign in to use this route');
  return actor;
});

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'A bearer token is required');
    }
    const actor = await this.accounts.verifyToken(token);
    if (!actor) throw new DomainError(ErrorCode.UNAUTHORIZED, 'The bearer token is invalid or has expired');
    request.actor = actor;
    return true;
  }
}
