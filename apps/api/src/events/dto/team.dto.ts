import { ApiProperty } from '@nestjs/swagger';
import { TEAM_ROLES, TeamMember, TeamRole } from '@tongxin/events';
import { Trim } from '@tongxin/common';
import { IsEmail, IsIn, MaxLength } from 'class-validator';

export class SetTeamMemberDto {
  @ApiProperty({ description: 'Email of an existing organizer account' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    enum: TEAM_ROLES,
    description: 'owner: everything; manager: all but the team; checkin: check-in only',
  })
  @IsIn(TEAM_ROLES)
  role: TeamRole;
}

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' }) organizerId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: TEAM_ROLES }) role: TeamRole;
  @ApiProperty() addedAt: Date;

  static from(m: TeamMember): TeamMemberDto {
    return { organizerId: m.organizerId, email: m.email, name: m.name, role: m.role, addedAt: m.addedAt };
  }
}
