import { AttendanceFiguresService } from './attendance-figures.service';
import { AttendanceImportService } from './attendance-import.service';

/** The meeting-export import and the live figures, as the attendance module provides and exports them. */
export const ATTENDANCE_IMPORT_PROVIDERS = [AttendanceImportService, AttendanceFiguresService];
