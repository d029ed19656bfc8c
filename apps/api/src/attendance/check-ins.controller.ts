import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
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
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { CheckInsService } from '@tongxin/attendance';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import type { Response } from 'express';
import {
  CheckInRequestDto,
  CheckInResultDto,
  DoorPersonDto,
  DoorSearchQuery,
  DoorSearchResultDto,
} from './dto/check-in.dto';

@ApiTags('attendance')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (not on the team), REGISTRATION_NOT_FOUND' })
@Controller('events/:id/check-ins')
export class CheckInsController {
  constructor(private readonly checkIns: CheckInsService) {}

  @Post()
  @ApiOperation({
    summary: 'Check a person in by check-in code or registration id; any team role, checkin included. Idempotent',
  })
  @ApiCreatedResponse({ type: CheckInResultDto, description: 'Checked in now' })
  @ApiOkResponse({ type: CheckInResultDto, description: 'Already checked in (alreadyCheckedIn: true)' })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description:
      'REGISTRATION_NOT_ACTIONABLE (waitlisted, pending, cancelled or rejected: `status` says which), EVENT_CANCELLED',
  })
  async checkIn(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CheckInRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CheckInResultDto> {
    const by = dto.code !== undefined ? { code: dto.code } : { registrationId: dto.registrationId! };
    const result = await this.checkIns.checkIn(actor, id, by);
    res.status(result.created ? 201 : 200);
    return CheckInResultDto.from(result);
  }

  @Get('search')
  @ApiOperation({
    summary: 'Find people at the door without a code (any team role): up to 20, as door views (never an email)',
  })
  @ApiOkResponse({ type: DoorSearchResultDto })
  async search(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: DoorSearchQuery,
  ): Promise<DoorSearchResultDto> {
    return { items: (await this.checkIns.search(actor, id, query.q)).map(DoorPersonDto.from) };
  }

  @Delete(':registrationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a check-in back (owners and managers)' })
  @ApiNoContentResponse({ description: 'The person is no longer checked in' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'FORBIDDEN_ROLE (the checkin role cannot undo)' })
  async undo(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('registrationId', uuidPipe('registrationId')) registrationId: string,
  ): Promise<void> {
    await this.checkIns.undo(actor, id, registrationId);
  }
}
