import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto, DomainError, ErrorCode } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { listStoredMail, readStoredMail } from '@tongxin/messages';
import type { Request } from 'express';
import path from 'node:path';
import { ApiFileResponse } from '../openapi';
import { StoredMailDto } from './dto/message.dto';

/** Headers a proxy adds: a request carrying one came through a proxy, so its socket address says nothing. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'];

/**
 * Development only: the messages the file transport stored (no SMTP_URL). The messages hold personal data and live
 * links, so this answers 404 unless DEV_MAIL is on (npm start on its embedded database turns it on), there is no
 * SMTP_URL, NODE_ENV is not production and no proxy is trusted; and then only to a caller on this machine, judged by
 * the client address Express derives under the proxy rules, refusing any request that a proxy forwarded.
 */
@ApiTags('development')
@Public()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'NOT_FOUND when development mail is off, or no such message' })
@Controller('dev/mail')
export class DevMailController {
  private readonly dir: string;
  private readonly enabled: boolean;

  constructor(config: ConfigService<Env, true>) {
    this.dir = path.resolve(config.get('MAIL_DIR', { infer: true }));
    this.enabled =
      config.get('DEV_MAIL', { infer: true }) &&
      !config.get('SMTP_URL', { infer: true }) &&
      config.get('NODE_ENV', { infer: true }) !== 'production' &&
      config.get('TRUST_PROXY', { infer: true }) === 0;
  }

  @Get()
  @ApiOperation({
    summary: 'Development only, from this machine: the latest 200 messages written to MAIL_DIR, newest first',
  })
  @ApiOkResponse({ type: [StoredMailDto] })
  async list(@Req() req: Request): Promise<StoredMailDto[]> {
    this.assertEnabled(req);
    return listStoredMail(this.dir, 200);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Development only: one stored message as it would travel over SMTP (.eml)' })
  @ApiFileResponse('The message (.eml)', 'message/rfc822')
  async get(@Param('id') id: string, @Req() req: Request): Promise<StreamableFile> {
    this.assertEnabled(req);
    const raw = await readStoredMail(this.dir, id);
    if (!raw) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'Message not found');
    return new StreamableFile(raw, { type: 'message/rfc822', disposition: `inline; filename="${id}.eml"` });
  }

  private assertEnabled(req: Request): void {
    const from = req.ip ?? '';
    const local = from === '::1' || from.startsWith('127.') || from.startsWith('::ffff:127.');
    const forwarded = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
    if (!this.enabled || !local || forwarded) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
  }
}
