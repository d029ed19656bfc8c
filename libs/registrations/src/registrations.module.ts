import { Module } from '@nestjs/common';
import { RegistrationExportService } from './registration-export.service';
import { RegistrationImportService } from './registration-import.service';
import { RegistrationsService } from './registrations.service';

@Module({
  providers: [RegistrationsService, RegistrationExportService, RegistrationImportService],
  exports: [RegistrationsService, RegistrationExportService, RegistrationImportService],
})
export class RegistrationsModule {}
