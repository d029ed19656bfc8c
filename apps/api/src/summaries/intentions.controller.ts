import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { IntentionsService } from '@tongxin/summaries';
import { CreateIntentionDto, IntentionDto, IntentionListDto, UpdateIntentionDto } from './dto/intention.dto';

@ApiTags('summaries')
@ApiBearerAuth()
@ApiNotFoundResponse({
  type: ApiErrorDto,
  description: 'EVENT_NOT_FOUND (not on the team), NOT_FOUND (no such intention)',
})
@Controller('events/:id/intentions')
export class IntentionsController {
  constructor(private readonly intentions: IntentionsService) {}

  @Post()
  @ApiOperation({ summary: 'Record a cooperation intention between two or more organizations (owners, managers)' })
  @ApiCreatedResponse({ type: IntentionDto })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: 'VALIDATION_FAILED: fewer than two distinct organizations, an unknown one, signedAt without signed',
  })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CreateIntentionDto,
  ): Promise<IntentionDto> {
    return IntentionDto.from(await this.intentions.create(actor, id, dto));
  }

  @Patch(':iid')
  @ApiOperation({ summary: 'Move an intention on (intent → negotiating → signed), or edit its title and field' })
  @ApiOkResponse({ type: IntentionDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('iid', uuidPipe('iid')) iid: string,
    @Body() dto: UpdateIntentionDto,
  ): Promise<IntentionDto> {
    return IntentionDto.from(await this.intentions.update(actor, id, iid, dto));
  }

  @Get()
  @ApiOperation({ summary: 'The intentions of the event with counts by field and by status (whole team)' })
  @ApiOkResponse({ type: IntentionListDto })
  async list(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<IntentionListDto> {
    return IntentionListDto.from(await this.intentions.list(actor, id));
  }
}
