import { Body, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { Actor, CurrentActor } from '@tongxin/accounts';
import { DomainError, ErrorCode, httpStatusOf, uuidPipe } from '@tongxin/common';
import { EventsService, TEAM_ROLES, TeamService } from '@tongxin/events';
import type { Response } from 'express';
import { SetTeamMemberDto } from '../../events/dto/team.dto';
import { RateLimitGuard } from '../../rate-limit/rate-limit.guard';
import { RateLimit } from '../../rate-limit/rate-limit.policies';
import { FieldErrors, formErrorOf, readForm } from '../forms';
import { translate } from '../i18n';
import { localsOf } from '../page-context';
import { ConsoleController } from '../page-controller';

const NOTICES = ['added', 'removed'] as const;

/**
 * The event's team: who is on it and in which role. Owners add people (by the email of their account), change
 * roles and remove people; managers read it; the check-in role is refused (403) like on every other event page.
 */
@ConsoleController('console/events/:id/team')
export class TeamPagesController {
  constructor(
    private readonly events: EventsService,
    private readonly team: TeamService,
  ) {}

  @Get()
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(res, actor, id, { notice: NOTICES.find((n) => query[n] === '1') });
  }

  /**
   * Adds a member or changes a member's role (POST /api/events/:id/team). Its answer tells whether an account uses
   * the address, so it counts against accountLookup like the JSON route; the limit is counted after the session
   * guard, which is what says who the organizer is (the global guard runs before it and sees no one).
   */
  @Post()
  @HttpCode(200)
  @RateLimit('accountLookup')
  @UseGuards(RateLimitGuard)
  async setMember(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const values = { email: body.email, role: body.role };
    const form = await readForm(SetTeamMemberDto, { email: body.email, role: body.role });
    if (!form.ok) {
      await this.render(res.status(400), actor, id, { values, fieldErrors: form.fieldErrors });
      return;
    }
    try {
      await this.team.setMember(actor, id, form.value);
    } catch (error) {
      await this.renderError(res, actor, id, error, values);
      return;
    }
    res.redirect(303, `/console/events/${id}/team?added=1`);
  }

  @Post(':organizerId/remove')
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('organizerId', uuidPipe('organizerId')) organizerId: string,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.team.removeMember(actor, id, organizerId);
    } catch (error) {
      await this.renderError(res, actor, id, error, {});
      return;
    }
    res.redirect(303, `/console/events/${id}/team?removed=1`);
  }

  private async renderError(
    res: Response,
    actor: Actor,
    id: string,
    error: unknown,
    values: Record<string, unknown>,
  ): Promise<void> {
    if (error instanceof DomainError && [ErrorCode.EVENT_NOT_FOUND, ErrorCode.FORBIDDEN_ROLE].includes(error.code)) {
      throw error;
    }
    const shown = formErrorOf(error, { [ErrorCode.ORGANIZER_NOT_FOUND]: 'email' });
    const status = error instanceof DomainError ? httpStatusOf(error.code) : 500;
    await this.render(res.status(status), actor, id, { values, ...shown });
  }

  private async render(
    res: Response,
    actor: Actor,
    id: string,
    extra: {
      notice?: string;
      values?: Record<string, unknown>;
      fieldErrors?: FieldErrors;
      formError?: { key: string };
    },
  ): Promise<void> {
    // Owners and managers only (403 for the check-in role); then the team, as GET /api/events/:id/team lists it.
    const { event, role } = await this.events.getForEditing(actor, id);
    const members = await this.team.list(actor, id);
    res.render('console/team', {
      pageTitle: `${event.title} · ${translate(localsOf(res).lang, 'tabs.team')}`,
      event,
      role,
      isOwner: role === 'owner',
      members: members.map((m) => ({ ...m, isMe: m.organizerId === actor.organizerId })),
      roles: TEAM_ROLES,
      roleKeys: Object.fromEntries(TEAM_ROLES.map((r) => [r, `console.role.${r}`])),
      ...extra,
      values: extra.values ?? { role: 'checkin' },
    });
  }
}
