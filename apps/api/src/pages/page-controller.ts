import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ConsoleSessionGuard } from './console/console-session.guard';
import { CsrfGuard } from './page-context';
import { PageExceptionFilter } from './page-exception.filter';

/**
 * A controller of HTML pages: outside the JSON API (no bearer token, not in the OpenAPI document), errors shown as
 * pages, every form post checked against the browser's CSRF token.
 */
export const PageController = (path = '') =>
  applyDecorators(
    Controller(path),
    Public(),
    ApiExcludeController(),
    UseFilters(PageExceptionFilter),
    UseGuards(CsrfGuard),
  );

/** A console page: a PageController that also needs an organizer's session (the login page otherwise). */
export const ConsoleController = (path = '') => applyDecorators(PageController(path), UseGuards(ConsoleSessionGuard));
