import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import { EventsService } from '@tongxin/events';
import { PublicEventDto } from '../events/dto/event.dto';

@ApiTags('public')
@Public()
@Controller('public/events')
export class PublicEventsController {
  constructor(private readonly events: EventsService) {}

  @Get(':slug')
  @ApiOperation({ summary: 'A published event page: no personal data, with seats left' })
  @ApiOkResponse({ type: PublicEventDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No published event has this slug' })
  async get(@Param('slug') slug: string): Promise<PublicEventDto> {
    return PublicEventDto.from(await this.events.getPublic(slug));
  }
}
