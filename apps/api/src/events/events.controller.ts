import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { EventCopyService, EventsService, EventWithRole, TeamService } from '@tongxin/events';
import { CopyEventDto, CreateEventDto, ListEventsQuery, QuestionKeyPipe, UpdateEventDto } from './dto/event-input.dto';
import { DeletedAnswersDto } from './dto/question.dto';
import { EventDto, EventListItemDto, EventPageDto } from './dto/event.dto';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import { SetTeamMemberDto, TeamMemberDto } from './dto/team.dto';

const toDto = ({ event, role }: EventWithRole) => EventDto.from(event, role);

@ApiTags('events')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND: no such event, or you are not on its team' })
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly copies: EventCopyService,
    private readonly team: TeamService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an event (as a draft); you become its owner' })
  @ApiCreatedResponse({ type: EventDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateEventDto): Promise<EventDto> {
    return toDto(await this.events.create(actor, dto));
  }

  @Get()
  @ApiOperation({ summary: 'Events whose team you are on, latest start first' })
  @ApiOkResponse({ type: EventPageDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ListEventsQuery): Promise<EventPageDto> {
    const page = await this.events.list(actor, query);
    return { items: page.items.map((r) => EventListItemDto.from(r.event, r.role)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An event you are on the team of, with your role' })
  @ApiOkResponse({ type: EventDto })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EventDto> {
    return toDto(await this.events.get(actor, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an event (owners and managers)' })
  @ApiOkResponse({ type: EventDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_NOT_EDITABLE, CAPACITY_BELOW_CONFIRMED' })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: UpdateEventDto,
  ): Promise<EventDto> {
    return toDto(await this.events.update(actor, id, dto));
  }

  @Post(':id/copy')
  @ApiOperation({
    summary:
      'Copy the event into the next session of its series: a new draft with the same settings, hosts, agenda, questions and team, every time moved (default: a week later), no registrations (owners and managers)',
  })
  @ApiCreatedResponse({ type: EventDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  async copy(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CopyEventDto,
  ): Promise<EventDto> {
    return toDto(await this.copies.copy(actor, id, dto));
  }

  @Delete(':id/questions/:key/answers')
  @ApiOperation({
    summary:
      'Delete the kept answers of a question taken off the form, and the question with them (owners and managers)',
  })
  @ApiOkResponse({ type: DeletedAnswersDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'CONFLICT: the question is still on the form' })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  async deleteAnswers(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('key', QuestionKeyPipe) key: string,
  ): Promise<DeletedAnswersDto> {
    return { deleted: await this.events.deleteRemovedAnswers(actor, id, key) };
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the event page' })
  @ApiOkResponse({ type: EventDto })
  async publish(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EventDto> {
    return toDto(await this.events.publish(actor, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the event (final)' })
  @ApiOkResponse({ type: EventDto })
  async cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<EventDto> {
    return toDto(await this.events.cancel(actor, id));
  }

  @Get(':id/team')
  @ApiOperation({ summary: 'The organizers on this event and their roles' })
  @ApiOkResponse({ type: [TeamMemberDto] })
  async listTeam(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<TeamMemberDto[]> {
    return (await this.team.list(actor, id)).map(TeamMemberDto.from);
  }

  @Post(':id/team')
  @RateLimit('accountLookup')
  @ApiOperation({ summary: 'Add an organizer to the team, or change their role (owners only)' })
  @ApiCreatedResponse({ type: TeamMemberDto })
  @ApiTooManyRequestsResponse({
    type: ApiErrorDto,
    description: 'RATE_LIMITED: ACCOUNT_LOOKUPS_PER_HOUR, since the answer tells whether an account exists',
  })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'LAST_OWNER' })
  async setMember(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: SetTeamMemberDto,
  ): Promise<TeamMemberDto> {
    return TeamMemberDto.from(await this.team.setMember(actor, id, dto));
  }

  @Delete(':id/team/:organizerId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an organizer from the team (owners only)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'LAST_OWNER' })
  async removeMember(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('organizerId', uuidPipe('organizerId')) organizerId: string,
  ): Promise<void> {
    await this.team.removeMember(actor, id, organizerId);
  }
}
