import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { RegistrationsService } from '@tongxin/registrations';
import { ListRegistrationsQuery, RegistrationDto, RegistrationPageDto } from './dto/registration.dto';

@ApiTags('registrations')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (not on the team), REGISTRATION_NOT_FOUND' })
@Controller('events/:id/registrations')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Get()
  @ApiOperation({ summary: 'Registrations of an event, oldest first, a page at a time (team only)' })
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: ListRegistrationsQuery,
  ): Promise<RegistrationPageDto> {
    const page = await this.registrations.list(actor, id, query);
    return { items: page.items.map(RegistrationDto.from), nextCursor: page.nextCursor };
  }

  @Post(':rid/approve')
  @HttpCode(200)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'REGISTRATION_NOT_ACTIONABLE' })
  async approve(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('rid', uuidPipe('rid')) rid: string) {
    return RegistrationDto.from(await this.registrations.approve(actor, id, rid));
  }

  @Post(':rid/reject')
  @HttpCode(200)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'REGISTRATION_NOT_ACTIONABLE' })
  async reject(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('rid', uuidPipe('rid')) rid: string) {
    return RegistrationDto.from(await this.registrations.reject(actor, id, rid));
  }

  @Post(':rid/cancel')
  @HttpCode(200)
  async cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Param('rid', uuidPipe('rid')) rid: string) {
    return RegistrationDto.from(await this.registrations.cancelByOrganizer(actor, id, rid));
  }
}
