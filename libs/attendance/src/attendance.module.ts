import { Module } from '@nestjs/common';
import { ATTENDANCE_IMPORT_PROVIDERS } from './import/providers';
import { CheckInsService } from './check-ins.service';
import { WalkInsService } from './walk-ins.service';

/** Who came: check-ins at the door, walk-ins, online joins (and, beside them, meeting-platform imports). */
@Module({
  providers: [...ATTENDANCE_IMPORT_PROVIDERS, CheckInsService, WalkInsService],
  exports: [...ATTENDANCE_IMPORT_PROVIDERS, CheckInsService, WalkInsService],
})
export class AttendanceModule {}
