import { Foundation1763800000000 } from './1763800000000-Foundation';
import { Registrations1763810000000 } from './1763810000000-Registrations';
import { RegistrationGroupsAndKeys1763820000000 } from './1763820000000-RegistrationGroupsAndKeys';
import { SeatClaimFunctions1763830000000 } from './1763830000000-SeatClaimFunctions';
import { Messages1763840000000 } from './1763840000000-Messages';
import { LinkLifetime1763850000000 } from './1763850000000-LinkLifetime';
import { SharedOrganizations1763860000000 } from './1763860000000-SharedOrganizations';
import { Attendance1763870000000 } from './1763870000000-Attendance';
import { CheckInCodeRetry1763871000000 } from './1763871000000-CheckInCodeRetry';
import { SummaryIndexes1763880000000 } from './1763880000000-SummaryIndexes';
import { PostEventFollowup1763890000000 } from './1763890000000-PostEventFollowup';
import { NoSeatAfterCancel1763900000000 } from './1763900000000-NoSeatAfterCancel';
import { WebSessions1763910000000 } from './1763910000000-WebSessions';
import { PasswordResets1763920000000 } from './1763920000000-PasswordResets';
import { RegistrationQuestions1763930000000 } from './1763930000000-RegistrationQuestions';
import { ClaimsByProcess1763970000000 } from './1763970000000-ClaimsByProcess';

/** Every migration, in order. Listed explicitly so the same list works from source, from dist and under jest. */
export const migrations = [
  Foundation1763800000000,
  Registrations1763810000000,
  RegistrationGroupsAndKeys1763820000000,
  SeatClaimFunctions1763830000000,
  Messages1763840000000,
  LinkLifetime1763850000000,
  SharedOrganizations1763860000000,
  Attendance1763870000000,
  CheckInCodeRetry1763871000000,
  SummaryIndexes1763880000000,
  PostEventFollowup1763890000000,
  NoSeatAfterCancel1763900000000,
  WebSessions1763910000000,
  PasswordResets1763920000000,
  RegistrationQuestions1763930000000,
  ClaimsByProcess1763970000000,
];
