import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DomainError, ErrorCode, normalizeEmail, PG_UNIQUE_VIOLATION, pgErrorCode } from '@tongxin/common';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import type { Actor } from './actor';
import { OrganizerEntity } from './organizer.entity';

interface TokenClaims {
  sub: string;
  email: string;
}

@Injectable()
export class AccountsService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly decoyHash = argon2.hash('tongxin-decoy-password');

  constructor(
    @InjectRepository(OrganizerEntity) private readonly organizers: Repository<OrganizerEntity>,
    private readonly jwt: JwtService,
  ) {}

  async signup(input: { email: string; password: string; name: string }) {
    const passwordHash = await argon2.hash(input.password);
    try {
      const organizer = await this.organizers.save(
        this.organizers.create({ email: normalizeEmail(input.email), name: input.name.trim(), passwordHash }),
      );
      return { organizer, accessToken: await this.issueToken(organizer) };
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        throw new DomainError(ErrorCode.EMAIL_TAKEN, 'An organizer account with this email already exists');
      }
      throw error;
    }
  }

  async login(input: { email: string; password: string }) {
    const organizer = await this.organizers.findOne({
      where: { email: normalizeEmail(input.email) },
      select: { id: true, email: true, name: true, createdAt: true, passwordHash: true },
    });
    const valid = await argon2.verify(organizer?.passwordHash ?? (await this.decoyHash), input.password);
    if (!organizer || !valid) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect');
    }
    return { organizer, accessToken: await this.issueToken(organizer) };
  }

  async getMe(actor: Actor): Promise<OrganizerEntity> {
    const organizer = await this.organizers.findOneBy({ id: actor.organizerId });
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

  private issueToken(organizer: OrganizerEntity): Promise<string> {
    const claims: TokenClaims = { sub: organizer.id, email: organizer.email };
    return this.jwt.signAsync(claims);
  }
}
