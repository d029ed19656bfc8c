import { Body, Controller, Delete, Get, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { GroupRegistrationsService, OrganizationRef } from '@tongxin/registrations';
import { CreateGroupRegistrationDto, GroupDto } from './dto/group.dto';
import { OwnRegistrationDto, PersonDto } from './dto/registration.dto';

@ApiTags('public')
@Public()
@ApiNotFoundResponse({ type: ApiErrorDto })
@Controller('public')
export class GroupRegistrationsController {
  constructor(
    private readonly groups: GroupRegistrationsService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  @Post('events/:slug/group-registrations')
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ auth: true })
  @ApiOperation({ summary: 'A delegate registers several people of one organization, all or nothing' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'GROUP_DOES_NOT_FIT, ALREADY_REGISTERED, REGISTRATION_CLOSED' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  async create(@Param('slug') slug: string, @Body() dto: CreateGroupRegistrationDto): Promise<GroupDto> {
    const { group, token } = await this.groups.create(slug, { ...dto, organization: dto.organization as OrganizationRef });
    return GroupDto.from(group, `${this.config.get('PUBLIC_URL', { infer: true })}/api/public/group-registrations/${token}`);
  }

  @Get('group-registrations/:token')
  @ApiOperation({ summary: 'The delegate reads the group through the manage link' })
  async get(@Param('token') token: string): Promise<GroupDto> {
    return GroupDto.from(await this.groups.get(token));
  }

  @Post('group-registrations/:token/attendees')
  @ApiOperation({ summary: 'Add a person: confirmed within the quota and capacity, otherwise waitlisted' })
  async add(@Param('token') token: string, @Body() dto: PersonDto): Promise<OwnRegistrationDto> {
    return OwnRegistrationDto.from(await this.groups.add(token, dto));
  }

  @Put('group-registrations/:token/attendees/:rid')
  @ApiOperation({ summary: 'Hand a place to another person (same status)' })
  async swap(
    @Param('token') token: string,
    @Param('rid', uuidPipe('rid')) rid: string,
    @Body() dto: PersonDto,
  ): Promise<OwnRegistrationDto> {
    return OwnRegistrationDto.from(await this.groups.swap(token, rid, dto));
  }

  @Delete('group-registrations/:token/attendees/:rid')
  @ApiOperation({ summary: 'Cancel one person; the seat goes to the waitlist' })
  async cancel(@Param('token') token: string, @Param('rid', uuidPipe('rid')) rid: string): Promise<OwnRegistrationDto> {
    return OwnRegistrationDto.from(await this.groups.cancel(token, rid));
  }
}
