import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, hashToken, isWellFormedToken, newToken, normalizeEmail } from '@tongxin/common';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import type { Actor } from './actor';
import { insertOrganizer, organizerById, organizerCredentials, OrganizerView } from './organizer.queries';
import { deleteWebSession, insertWebSession, webSessionActor } from './web-session.queries';

/** How long a console session lasts from sign-in. */
const SESSION_TTL_HOURS = 12;

interface TokenClaims {
  sub: string;
  email: string;
}

@Injectable()
export class AccountsService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly decoyHash = argon2.hash('tongxin-decoy-password');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
  ) {}

  async signup(input: { email: string; password: string; name: string }) {
    const passwordHash = await argon2.hash(input.password);
    const organizer = await insertOrganizer(this.dataSource.manager, {
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash,
    });
    if (!organizer) throw new DomainError(ErrorCode.EMAIL_TAKEN, 'An organizer account with this email already exists');
    return { organizer, accessToken: await this.issueToken(organizer) };
  }

  async login(input: { email: string; password: string }) {
    const found = await organizerCredentials(this.dataSource.manager, normalizeEmail(input.email));
    const valid = await argon2.verify(found?.passwordHash ?? (await this.decoyHash), input.password);
    if (!found || !valid) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect');
    }
    const { passwordHash: _hash, ...organizer } = found;
    return { organizer, accessToken: await this.issueToken(organizer) };
  }

  async getMe(actor: Actor): Promise<OrganizerView> {
    const organizer = await organizerById(this.dataSource.manager, actor.organizerId);
    if (!organizer) throw new DomainError(ErrorCode.UNAUTHORIZED, 'This account no longer exists');
    return organizer;
  }

  /** Returns the actor a bearer token stands for, or undefined when the token is missing, bad or expired. */
  async verifyToken(token: string): Promise<Actor | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
      return typeof claims.sub === 'string' ? { organizerId: claims.sub, email: claims.email } : undefined;
    } catch {
      return undefined;
    }
  }

  /** A console session for a signed-in organizer: the cookie token (256 random bits); only its hash is stored. */
  async startSession(organizerId: string): Promise<{ token: string; maxAgeMs: number }> {
    const { token, hash } = newToken();
    await insertWebSession(this.dataSource.manager, { tokenHash: hash, organizerId, ttlHours: SESSION_TTL_HOURS });
    return { token, maxAgeMs: SESSION_TTL_HOURS * 3600_000 };
  }

  /** The organizer a session cookie stands for, or undefined when it is missing, unknown, ended or expired. */
  async sessionActor(token: string | undefined): Promise<Actor | undefined> {
    if (!token || !isWellFormedToken(token)) return undefined;
    return webSessionActor(this.dataSource.manager, hashToken(token));
  }

  async endSession(token: string | undefined): Promise<void> {
    if (!token || !isWellFormedToken(token)) return;
    await deleteWebSession(this.dataSource.manager, hashToken(token));
  }

  private issueToken(organizer: OrganizerView): Promise<string> {
    const claims: TokenClaims = { sub: organizer.id, email: organizer.email };
    return this.jwt.signAsync(claims);
  }
}
