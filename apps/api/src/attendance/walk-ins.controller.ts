import { Body, Controller, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { WalkInsService } from '@tongxin/attendance';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import type { OrganizationRef } from '@tongxin/registrations';
import { WalkInRequestDto, WalkInResultDto } from './dto/check-in.dto';

@ApiTags('attendance')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (not on the team)' })
@Controller('events/:id/walk-ins')
export class WalkInsController {
  constructor(private readonly walkIns: WalkInsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Register someone at the door (source walk_in) and check them in at once; any team role. Nothing is mailed',
  })
  @ApiCreatedResponse({ type: WalkInResultDto })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description:
      'EVENT_FULL (send overCapacity: true to let them in anyway), ALREADY_REGISTERED (`registrationId`: check that one in), EVENT_CANCELLED',
  })
  async walkIn(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: WalkInRequestDto,
  ): Promise<WalkInResultDto> {
    const organization = dto.organization as OrganizationRef;
    return WalkInResultDto.fromWalkIn(await this.walkIns.walkIn(actor, id, { ...dto, organization }));
  }
}
