import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AttendanceFigures, IMPORT_FORMATS, ImportFormat } from '@tongxin/attendance';

export class ImportedPersonDto {
  @ApiPropertyOptional({ description: 'The sheet, for a workbook (e.g. 成员参会明细)' }) sheet?: string;
  @ApiProperty({ description: 'Row number as the spreadsheet shows it', example: 10 }) row: number;
  @ApiProperty({ description: 'The name as the file shows it', example: '张三(小张)' }) name: string;
}

export class CandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Organization name' }) organization: string;
}

export class AmbiguousPersonDto extends ImportedPersonDto {
  @ApiProperty({ type: [CandidateDto] }) candidates: CandidateDto[];
}

export class RejectedPersonDto extends ImportedPersonDto {
  @ApiProperty({ example: '"yesterday" is not a time (e.g. 2026-03-14 14:00:00, 03/14/2026 02:00 PM)' })
  message: string;
}

export class AttendanceImportReportDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: IMPORT_FORMATS, description: 'Which layout the file was read as' }) format: ImportFormat;
  @ApiProperty({ description: 'Participant rows read (one row a session in session layouts)' }) rows: number;
  @ApiProperty({ description: 'Registrations found in the file' }) matched: number;
  @ApiProperty({ description: 'Matched registrations whose merged minutes reach attendedMinMinutes' })
  attended: number;
  @ApiProperty() belowThreshold: number;
  @ApiProperty() attendedMinMinutes: number;
  @ApiProperty({ type: [ImportedPersonDto], description: 'Kept as unregistered participants of the event' })
  unmatched: ImportedPersonDto[];
  @ApiProperty({ type: [AmbiguousPersonDto], description: 'Names several registrations bear: not written' })
  ambiguous: AmbiguousPersonDto[];
  @ApiProperty({ description: 'Unregistered participants kept (or, in a dry run, that would be)' })
  unregistered: number;
  @ApiProperty({ type: [RejectedPersonDto], description: 'Rows that could not be read, with why' })
  rejected: RejectedPersonDto[];
}

export class OrganizationAttendanceDto {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty() registered: number;
  @ApiProperty() confirmed: number;
  @ApiProperty() attended: number;
}

export class RegionAttendanceDto {
  @ApiProperty({ example: '110000', description: 'GB/T 2260 provincial-level code' }) regionCode: string;
  @ApiProperty({ example: '北京市' }) nameZh: string;
  @ApiProperty({ example: 'Beijing' }) nameEn: string;
  @ApiProperty({ description: 'Organizations with a registration' }) organizations: number;
  @ApiProperty() registered: number;
  @ApiProperty() attended: number;
}

export class AttendanceFiguresDto {
  @ApiProperty({ description: 'Registrations not cancelled or rejected' }) registered: number;
  @ApiProperty() confirmed: number;
  @ApiProperty() checkedIn: number;
  @ApiProperty({ description: 'Opened their personal join link' }) joinedOnline: number;
  @ApiProperty({ description: 'Imported minutes at or above the event’s attendedMinMinutes' })
  attendedByImport: number;
  @ApiProperty({ description: 'Checked in, joined online or attended by import; each person once' })
  attended: number;
  @ApiProperty() unregisteredParticipants: number;
  @ApiProperty({ description: 'Confirmed people who attended / confirmed, 0..1, three decimals', example: 0.875 })
  attendanceRate: number;
  @ApiProperty({ type: [OrganizationAttendanceDto] }) byOrganization: OrganizationAttendanceDto[];
  @ApiProperty({ type: [RegionAttendanceDto] }) byRegion: RegionAttendanceDto[];

  static from(f: AttendanceFigures): AttendanceFiguresDto {
    return {
      registered: f.registered,
      confirmed: f.confirmed,
      checkedIn: f.checkedIn,
      joinedOnline: f.joinedOnline,
      attendedByImport: f.attendedByImport,
      attended: f.attended,
      unregisteredParticipants: f.unregisteredParticipants,
      attendanceRate: f.attendanceRate,
      byOrganization: f.byOrganization.map((o) => ({
        organizationId: o.organizationId,
        name: o.name,
        registered: o.registered,
        confirmed: o.confirmed,
        attended: o.attended,
      })),
      byRegion: f.byRegion.map((r) => ({
        regionCode: r.regionCode,
        nameZh: r.nameZh,
        nameEn: r.nameEn,
        organizations: r.organizations,
        registered: r.registered,
        attended: r.attended,
      })),
    };
  }
}
