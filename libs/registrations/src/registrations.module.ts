import { Module } from '@nestjs/common';
import { GroupRegistrationsService } from './group-registrations.service';
import { RegistrationExportService } from './registration-export.service';
import { RegistrationImportService } from './registration-import.service';
import { RegistrationsService } from './registrations.service';

@Module({
  providers: [RegistrationsService, GroupRegistrationsService, RegistrationExportService, RegistrationImportService],
  exports: [RegistrationsService, GroupRegistrationsService, RegistrationExportService, RegistrationImportService],
})
export class RegistrationsModule {}
