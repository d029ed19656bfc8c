import { Module } from '@nestjs/common';
import { OutboxModule } from '@tongxin/outbox';
import { GroupRegistrationsService } from './group-registrations.service';
import { LinkRequestsService } from './link-requests.service';
import { RegistrationExportService } from './registration-export.service';
import { RegistrationImportService } from './registration-import.service';
import { RegistrationsService } from './registrations.service';

@Module({
  imports: [OutboxModule],
  providers: [
    RegistrationsService,
    GroupRegistrationsService,
    LinkRequestsService,
    RegistrationExportService,
    RegistrationImportService,
  ],
  exports: [
    RegistrationsService,
    GroupRegistrationsService,
    LinkRequestsService,
    RegistrationExportService,
    RegistrationImportService,
  ],
})
export class RegistrationsModule {}
