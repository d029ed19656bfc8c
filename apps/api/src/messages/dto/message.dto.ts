import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Trim } from '@tongxin/common';
import { MESSAGE_KINDS, MESSAGE_STATUSES, MessageKind, MessageLogEntry, MessageStatus } from '@tongxin/outbox';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto';

export class ListMessagesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MESSAGE_KINDS })
  @IsOptional()
  @IsIn(MESSAGE_KINDS)
  kind?: MessageKind;

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid', description: 'Also the Message-ID: <id@domain>' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed, or why it was not sent' })
  lastError: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The message this one re-sends' })
  resendOf: string | null;

  static from(entry: MessageLogEntry): MessageDto {
    return {
      id: entry.id,
      kind: entry.kind,
      status: entry.status,
      registrationId: entry.registrationId,
      name: entry.name,
      email: entry.email,
      attempts: entry.attempts,
      lastError: entry.lastError,
      createdAt: entry.createdAt,
      sentAt: entry.sentAt,
      resendOf: entry.resendOf,
    };
  }
}

export class MessageCountsDto {
  @ApiProperty() queued: number;
  @ApiProperty() sending: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
  @ApiProperty() cancelled: number;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] }) items: MessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({
    type: MessageCountsDto,
    description: 'Messages per status (with the kind filter, without the status filter)',
  })
  counts: MessageCountsDto;
}

export const AUDIENCES = ['confirmed', 'waitlisted', 'all'] as const;

export class CreateAnnouncementDto {
  @ApiProperty({ example: '会场变更提醒', maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  subject: string;

  @ApiProperty({ description: 'Plain text; blank lines separate paragraphs', maxLength: 20_000 })
  @Trim()
  @IsString()
  @Length(1, 20_000)
  body: string;

  @ApiProperty({ enum: AUDIENCES, description: 'all = confirmed, waitlisted and pending' })
  @IsIn(AUDIENCES)
  audience: (typeof AUDIENCES)[number];
}

export class AnnouncementCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Messages queued (people who opted out are skipped)' }) recipients: number;
}

export class UnsubscribeDto {
  @ApiProperty() eventTitle: string;
  @ApiProperty({ description: 'The address, partly masked' }) email: string;
  @ApiProperty() unsubscribed: boolean;
}

export class StoredMailDto {
  @ApiProperty() id: string;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty() kind: string;
  @ApiProperty() storedAt: string;
}
