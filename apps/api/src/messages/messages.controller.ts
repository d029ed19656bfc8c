import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { MessagesService } from '@tongxin/messages';
import {
  AnnouncementCreatedDto,
  CreateAnnouncementDto,
  ListMessagesQuery,
  MessageDto,
  MessagePageDto,
} from './dto/message.dto';

@ApiTags('messages')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (not on the team), MESSAGE_NOT_FOUND' })
@Controller('events/:id')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('messages')
  @ApiOperation({ summary: 'The delivery log of the event, newest first, with counts per status; owners and managers' })
  @ApiOkResponse({ type: MessagePageDto })
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: ListMessagesQuery,
  ): Promise<MessagePageDto> {
    const log = await this.messages.log(actor, id, query);
    return { items: log.items.map((m) => MessageDto.from(m)), nextCursor: log.nextCursor, counts: log.counts };
  }

  @Post('announcements')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email an announcement to the audience (skipping those who opted out); owners and managers',
  })
  @ApiAcceptedResponse({ type: AnnouncementCreatedDto, description: 'Queued for sending' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_NOT_EDITABLE: the event is still a draft' })
  async announce(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: CreateAnnouncementDto,
  ): Promise<AnnouncementCreatedDto> {
    return this.messages.announce(actor, id, dto);
  }

  @Post('messages/:messageId/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a message again, as a new message that refers to the first; owners and managers' })
  @ApiAcceptedResponse({ type: MessageDto, description: 'The new message, queued for sending' })
  async resend(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('messageId', uuidPipe('messageId')) messageId: string,
  ): Promise<MessageDto> {
    return MessageDto.from(await this.messages.resend(actor, id, messageId));
  }
}
