import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import { LinkRequestsService } from '@tongxin/registrations';
import { RateLimit } from '../rate-limit/rate-limit.policies';
import { CreateLinkRequestDto, LinkRequestAcceptedDto } from './dto/link-request.dto';

@ApiTags('public')
@Public()
@Controller('public')
export class LinkRequestsController {
  constructor(private readonly linkRequests: LinkRequestsService) {}

  @Post('events/:slug/link-requests')
  @HttpCode(202)
  @RateLimit('public', 'linkRequestEmail', 'mail')
  @ApiTooManyRequestsResponse({
    type: ApiErrorDto,
    description: 'RATE_LIMITED: per client address, and LINK_REQUESTS_PER_EMAIL_PER_HOUR per address asked for',
  })
  @ApiOperation({
    summary: 'Send me my links again: mails the address its manage (and join) link and its group links, if it has any',
    description: 'Always 202 with the same body, whether or not the address is registered for the event.',
  })
  @ApiAcceptedResponse({ type: LinkRequestAcceptedDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'VALIDATION_FAILED: not an email address' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND: no published event has this slug' })
  async create(@Param('slug') slug: string, @Body() dto: CreateLinkRequestDto): Promise<LinkRequestAcceptedDto> {
    await this.linkRequests.request(slug, dto.email);
    return { accepted: true };
  }
}
