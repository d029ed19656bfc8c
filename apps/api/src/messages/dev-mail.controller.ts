import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto, DomainError, ErrorCode } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { listStoredMail, readStoredMail } from '@tongxin/messages';
import type { Request } from 'express';
import path from 'node:path';
import { StoredMailDto } from './dto/message.dto';

/**
 * Development only: the messages the file transport stored (no SMTP_URL). Answers 404 when NODE_ENV=production
 * and to callers on other machines, since the messages hold personal data and live links.
 */
@ApiTags('development')
@Public()
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'NOT_FOUND in production, or no such message' })
@Controller('dev/mail')
export class DevMailController {
  private readonly dir: string;
  private readonly enabled: boolean;

  constructor(config: ConfigService<Env, true>) {
    this.dir = path.resolve(config.get('MAIL_DIR', { infer: true }));
    this.enabled = config.get('NODE_ENV', { infer: true }) !== 'production';
  }

  @Get()
  @ApiOperation({ summary: 'Development only, from this machine: the latest 200 messages written to MAIL_DIR, newest first' })
  async list(@Req() req: Request): Promise<StoredMailDto[]> {
    this.assertEnabled(req);
    return listStoredMail(this.dir, 200);
  }

  @Get(':id')
  @ApiProduces('message/rfc822')
  @ApiOperation({ summary: 'Development only: one stored message as it would travel over SMTP (.eml)' })
  async get(@Param('id') id: string, @Req() req: Request): Promise<StreamableFile> {
    this.assertEnabled(req);
    const raw = await readStoredMail(this.dir, id);
    if (!raw) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'Message not found');
    return new StreamableFile(raw, { type: 'message/rfc822', disposition: `inline; filename="${id}.eml"` });
  }

  /** Off in production, and only for callers on this machine (the socket's address, not a forwarded one). */
  private assertEnabled(req: Request): void {
    const from = req.socket.remoteAddress ?? '';
    const local = from === '::1' || from.startsWith('127.') || from.startsWith('::ffff:127.');
    if (!this.enabled || !local) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
  }
}
