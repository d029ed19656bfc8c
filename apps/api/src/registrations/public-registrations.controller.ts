import { Body, Controller, Delete, Get, Header, Headers, Param, Patch, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { checkInQrSvg } from '@tongxin/attendance';
import { ApiErrorDto, DomainError, ErrorCode, PublicLinks } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { ManageView, OrganizationRef, RegistrationsService } from '@tongxin/registrations';
import type { Response } from 'express';
import { ApiFileResponse } from '../openapi';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import {
  CreateRegistrationDto,
  ManagedRegistrationDto,
  RegistrationCreatedDto,
  UpdateOwnRegistrationDto,
} from './dto/registration.dto';

@ApiTags('public')
@Public()
@ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'RATE_LIMITED' })
@Controller('public')
export class PublicRegistrationsController {
  private readonly links: PublicLinks;

  constructor(
    private readonly registrations: RegistrationsService,
    config: ConfigService<Env, true>,
  ) {
    this.links = new PublicLinks(config.get('PUBLIC_URL', { infer: true }));
  }

  @Post('events/:slug/registrations')
  @RateLimit('public', 'mail')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key get the same registration',
  })
  @ApiOperation({
    summary:
      'Register for a published event: 201 when created, 200 with the same registration when the email is already registered',
  })
  @ApiCreatedResponse({ type: RegistrationCreatedDto, description: 'Registered now, with the manage link' })
  @ApiOkResponse({
    type: RegistrationCreatedDto,
    description: 'Already registered (same email or Idempotency-Key): that registration, without a manage link',
  })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'REGISTRATION_CLOSED, EVENT_CANCELLED' })
  async register(
    @Param('slug') slug: string,
    @Body() dto: CreateRegistrationDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RegistrationCreatedDto> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Idempotency-Key must be 1 to 200 visible ASCII characters');
    }
    const organization = dto.organization as OrganizationRef;
    const { registration, created, token } = await this.registrations.register(
      slug,
      { ...dto, organization },
      idempotencyKey,
    );
    res.status(created ? 201 : 200);
    return {
      id: registration.id,
      status: registration.status,
      ...(token ? { manageUrl: this.links.to('manage', token) } : {}),
    };
  }

  @Get('registrations/:token')
  @RateLimit('public', 'link')
  @ApiOperation({
    summary: 'An attendee reads their registration through their manage link, with their check-in code and join link',
  })
  @ApiOkResponse({ type: ManagedRegistrationDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('token') token: string): Promise<ManagedRegistrationDto> {
    return this.managed(await this.registrations.getByToken(token));
  }

  @Get('registrations/:token/qr.svg')
  @RateLimit('public', 'link')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The check-in code as a QR code (SVG), while the registration is confirmed' })
  @ApiFileResponse('An SVG image holding the check-in code', 'image/svg+xml')
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'REGISTRATION_NOT_FOUND: not a link, or not confirmed' })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async qr(@Param('token') token: string): Promise<string> {
    const code = await this.registrations.checkInCodeByToken(token);
    if (!code)
      throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'Only a confirmed registration has a check-in code');
    return checkInQrSvg(code);
  }

  @Patch('registrations/:token')
  @RateLimit('public', 'link')
  @ApiOperation({ summary: 'An attendee corrects their name, phone, job title or language' })
  @ApiOkResponse({ type: ManagedRegistrationDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async update(@Param('token') token: string, @Body() dto: UpdateOwnRegistrationDto): Promise<ManagedRegistrationDto> {
    return this.managed(await this.registrations.updateByToken(token, dto));
  }

  @Delete('registrations/:token')
  @RateLimit('public', 'link', 'mail')
  @ApiOperation({ summary: 'An attendee cancels; the seat goes to the first waitlisted person who fits' })
  @ApiOkResponse({ type: ManagedRegistrationDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async cancel(@Param('token') token: string): Promise<ManagedRegistrationDto> {
    return this.managed(await this.registrations.cancelByToken(token));
  }

  private managed(view: ManageView): ManagedRegistrationDto {
    return ManagedRegistrationDto.fromView(view, (token) => this.links.to('join', token));
  }
}
