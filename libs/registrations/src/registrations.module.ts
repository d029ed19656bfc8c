import { Module } from '@nestjs/common';
import { OutboxModule } from '@tongxin/outbox';
import { GroupRegistrationsService } from './group-registrations.service';
import { RegistrationExportService } from './registration-export.service';
import { RegistrationImportService } from './registration-import.service';
import { RegistrationsService } from './registrations.service';

@Module({
  imports: [OutboxModule],
  providers: [RegistrationsService, GroupRegistrationsService, RegistrationExportService, RegistrationImportService],
  exports: [RegistrationsService, GroupRegistrationsService, RegistrationExportService, RegistrationImportService],
})
export class RegistrationsModule {}
