import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto, PublicLinks, uuidPipe } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { GroupRegistrationsService, OrganizationRef } from '@tongxin/registrations';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import { CreateGroupRegistrationDto, GroupAttendeeDto, GroupDto } from './dto/group.dto';
import { OwnRegistrationDto, PersonDto } from './dto/registration.dto';

@ApiTags('public')
@Public()
@ApiNotFoundResponse({ type: ApiErrorDto })
@ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'RATE_LIMITED' })
@Controller('public')
export class GroupRegistrationsController {
  private readonly links: PublicLinks;

  constructor(
    private readonly groups: GroupRegistrationsService,
    config: ConfigService<Env, true>,
  ) {
    this.links = new PublicLinks(config.get('PUBLIC_URL', { infer: true }));
  }

  @Post('events/:slug/group-registrations')
  @RateLimit('public', 'mail')
  @ApiOperation({ summary: 'A delegate registers several people of one organization, all or nothing' })
  @ApiCreatedResponse({ type: GroupDto, description: 'The group, with the delegate’s manage link' })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description: 'GROUP_DOES_NOT_FIT, ALREADY_REGISTERED, REGISTRATION_CLOSED',
  })
  async create(@Param('slug') slug: string, @Body() dto: CreateGroupRegistrationDto): Promise<GroupDto> {
    const { group, token } = await this.groups.create(slug, {
      ...dto,
      organization: dto.organization as OrganizationRef,
    });
    return GroupDto.from(group, this.links.to('group', token));
  }

  @Get('group-registrations/:token')
  @RateLimit('public', 'link')
  @ApiOperation({ summary: 'The delegate reads the group through the manage link (from the API response or a mail)' })
  @ApiOkResponse({ type: GroupDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async get(@Param('token') token: string): Promise<GroupDto> {
    return GroupDto.from(await this.groups.get(token));
  }

  @Post('group-registrations/:token/attendees')
  @RateLimit('public', 'link', 'mail')
  @ApiOperation({ summary: 'Add a person: confirmed within the quota and capacity, otherwise waitlisted' })
  @ApiCreatedResponse({ type: OwnRegistrationDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async add(@Param('token') token: string, @Body() dto: GroupAttendeeDto): Promise<OwnRegistrationDto> {
    return OwnRegistrationDto.from(await this.groups.add(token, dto));
  }

  @Put('group-registrations/:token/attendees/:rid')
  @RateLimit('public', 'link', 'mail')
  @ApiOperation({ summary: 'Hand a place to another person (same status); the previous person’s links stop working' })
  @ApiOkResponse({ type: OwnRegistrationDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async swap(
    @Param('token') token: string,
    @Param('rid', uuidPipe('rid')) rid: string,
    @Body() dto: PersonDto,
  ): Promise<OwnRegistrationDto> {
    return OwnRegistrationDto.from(await this.groups.swap(token, rid, dto));
  }

  @Delete('group-registrations/:token/attendees/:rid')
  @RateLimit('public', 'link', 'mail')
  @ApiOperation({ summary: 'Cancel one person; the seat goes to the waitlist' })
  @ApiOkResponse({ type: OwnRegistrationDto })
  @ApiGoneResponse({ type: ApiErrorDto, description: 'LINK_EXPIRED: the event ended more than LINK_TTL_DAYS ago' })
  async cancel(@Param('token') token: string, @Param('rid', uuidPipe('rid')) rid: string): Promise<OwnRegistrationDto> {
    return OwnRegistrationDto.from(await this.groups.cancel(token, rid));
  }
}
