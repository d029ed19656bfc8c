import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import {
  decodeCursor,
  DomainError,
  encodeCursor,
  ErrorCode,
  normalizeName,
  Page,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
  rejectNullFields,
  toPage,
} from '@tongxin/common';
import { Brackets, DataSource, EntityManager, Repository } from 'typeorm';
import { normalizeCreditCode } from './credit-code';
import { OrganizationEntity, OrganizationType } from './organization.entity';
import {
  editableOrganizationIds,
  isUsedOutsideCreatorsEvents,
  lockOrganization,
  verifiedHolderOfCode,
} from './organizations.queries';
import { RegionEntity } from './region.entity';

export interface OrganizationInput {
  name: string;
  nameEn?: string | null;
  type: OrganizationType;
  regionCode: string;
  city?: string | null;
  creditCode?: string | null;
}

export interface OrganizationQuery {
  q?: string;
  regionCode?: string;
  type?: OrganizationType;
  cursor?: string;
  limit: number;
}

/** An organization as one organizer sees it: with whether they may edit it now. */
export interface OrganizationView {
  organization: OrganizationEntity;
  editable: boolean;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
  ) {}

  listRegions(): Promise<RegionEntity[]> {
    return this.regions.find({ order: { code: 'ASC' } });
  }

  /**
   * Adds an organization. A credit code already held by a verified organization answers 409 with its id; one held
   * only by unverified organizations does not (a code proves nothing until an administrator checked it), so nobody
   * can block a real organization by typing its code in first. The same name in the same region is always a 409.
   */
  async create(actor: Actor, input: OrganizationInput): Promise<OrganizationView> {
    await this.assertRegion(input.regionCode);
    const row = this.organizations.create({
      name: input.name.trim(),
      nameNormalized: normalizeName(input.name),
      nameEn: input.nameEn?.trim() || null,
      type: input.type,
      regionCode: input.regionCode,
      city: input.city?.trim() || null,
      creditCode: input.creditCode ? normalizeCreditCode(input.creditCode) : null,
      createdBy: actor.organizerId,
    });
    const saved = await this.explainingConflicts(() => row, async () => {
      if (row.creditCode) await this.assertCodeFree(this.dataSource.manager, row.creditCode);
      return this.organizations.save(row);
    });
    return this.get(actor, saved.id);
  }

  async get(actor: Actor, id: string): Promise<OrganizationView> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw new DomainError(ErrorCode.ORGANIZATION_NOT_FOUND, 'Organization not found');
    const editable = await editableOrganizationIds(this.dataSource.manager, actor.organizerId, [id]);
    return { organization, editable: editable.has(id) };
  }

  /**
   * Organizations are edited by the organizer who created them, and only while nobody else relies on them: once
   * an event the creator cannot edit uses it (as a host, or through a registration or group), or once it is
   * verified, an edit would change another organizer's pages, exports and mails, so it answers 409
   * ORGANIZATION_SHARED. The row is locked first, so a concurrent host or registration insert (whose foreign-key
   * check needs a lock this one excludes) either comes before the check and is seen, or waits until the edit is done.
   */
  async update(actor: Actor, id: string, patch: Partial<OrganizationInput>): Promise<OrganizationView> {
    rejectNullFields(patch, ['name', 'type', 'regionCode']);
    const changes: Partial<OrganizationEntity> = {};
    if (patch.name !== undefined) {
      changes.name = patch.name.trim();
      changes.nameNormalized = normalizeName(patch.name);
    }
    if (patch.nameEn !== undefined) changes.nameEn = patch.nameEn?.trim() || null;
    if (patch.type !== undefined) changes.type = patch.type;
    if (patch.regionCode !== undefined) changes.regionCode = patch.regionCode;
    if (patch.city !== undefined) changes.city = patch.city?.trim() || null;
    if (patch.creditCode !== undefined) changes.creditCode = patch.creditCode ? normalizeCreditCode(patch.creditCode) : null;

    let after: ConflictKey | undefined;
    await this.explainingConflicts(() => after, () =>
      this.dataSource.transaction(async (db) => {
        const locked = await lockOrganization(db, id);
        if (!locked) throw new DomainError(ErrorCode.ORGANIZATION_NOT_FOUND, 'Organization not found');
        if (locked.createdBy !== actor.organizerId) {
          throw new DomainError(ErrorCode.FORBIDDEN_ROLE, 'Only the organizer who added this organization can edit it');
        }
        if (locked.verified) {
          throw new DomainError(
            ErrorCode.ORGANIZATION_SHARED,
            'This organization has been verified by the platform; changes now go through a platform administrator',
          );
        }
        if (await isUsedOutsideCreatorsEvents(db, id, actor.organizerId)) {
          throw new DomainError(
            ErrorCode.ORGANIZATION_SHARED,
            "This organization is used by other organizers' events; changes now go through a platform administrator",
          );
        }
        if (changes.regionCode !== undefined) await this.assertRegion(changes.regionCode);
        if (changes.creditCode && changes.creditCode !== locked.creditCode) await this.assertCodeFree(db, changes.creditCode);
        after = {
          id,
          regionCode: changes.regionCode ?? locked.regionCode,
          nameNormalized: changes.nameNormalized ?? locked.nameNormalized,
          creditCode: changes.creditCode !== undefined ? changes.creditCode : locked.creditCode,
        };
        if (Object.keys(changes).length > 0) await db.update(OrganizationEntity, { id }, changes);
      }),
    );
    return this.get(actor, id);
  }

  async list(actor: Actor, query: OrganizationQuery): Promise<Page<OrganizationView>> {
    const qb = this.organizations
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.region', 'region')
      .orderBy('o.name_normalized', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(query.limit + 1);
    if (query.q) {
      const needle = `%${escapeLike(normalizeName(query.q))}%`;
      // A credit code may be held by several organizations (unverified ones may share it): all of them are listed.
      qb.andWhere(
        new Brackets((w) =>
          w.where('o.name_normalized LIKE :needle', { needle })
            .orWhere('lower(o.name_en) LIKE :needle', { needle })
            .orWhere('o.credit_code = :code', { code: normalizeCreditCode(query.q!) }),
        ),
      );
    }
    if (query.regionCode) qb.andWhere('o.region_code = :regionCode', { regionCode: query.regionCode });
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (query.cursor) {
      const { key, id } = decodeCursor(query.cursor);
      qb.andWhere('(o.name_normalized, o.id) > (:key, :id::uuid)', { key, id });
    }
    const rows = await qb.getMany();
    const editable = await editableOrganizationIds(this.dataSource.manager, actor.organizerId, rows.slice(0, query.limit).map((o) => o.id));
    return toPage(rows, query.limit, (o) => encodeCursor(o.nameNormalized, o.id), (o) => ({ organization: o, editable: editable.has(o.id) }));
  }

  private async assertRegion(code: string): Promise<void> {
    if (!(await this.regions.existsBy({ code }))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `regionCode ${code} is not a provincial-level division code`, {
        fields: [{ field: 'regionCode', errors: ['regionCode must be a GB/T 2260 provincial-level code such as 110000'] }],
      });
    }
  }

  /** A credit code a verified organization holds is that organization's: 409 with its id. */
  private async assertCodeFree(db: EntityManager, creditCode: string): Promise<void> {
    const holder = await verifiedHolderOfCode(db, creditCode);
    if (holder) {
      throw new DomainError(
        ErrorCode.ORGANIZATION_EXISTS,
        'A verified organization already holds this unified social credit code',
        { existingId: holder },
      );
    }
  }

  /**
   * Runs write, and turns a uniqueness conflict into 409 with the id of the organization that already exists
   * (looked up after write's transaction, if any, has rolled back). keyOf tells what the row would have been.
   */
  private async explainingConflicts<T>(keyOf: () => ConflictKey | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const key = keyOf();
      if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION || !key) throw error;
      const byName = await this.organizations
        .createQueryBuilder('o')
        .where('o.id IS DISTINCT FROM :id', { id: key.id ?? null })
        .andWhere('o.region_code = :region AND o.name_normalized = :name', { region: key.regionCode, name: key.nameNormalized })
        .getOne();
      // Organizers' rows are never verified, so a name is what collides; the other possibility is the code's
      // partial unique index, should an administrator verify the organization in the meantime.
      const existingId = byName?.id ?? (key.creditCode ? await verifiedHolderOfCode(this.dataSource.manager, key.creditCode) : undefined);
      throw new DomainError(
        ErrorCode.ORGANIZATION_EXISTS,
        byName
          ? 'An organization with this name already exists in this region'
          : 'A verified organization already holds this unified social credit code',
        { existingId: existingId ?? null },
      );
    }
  }
}

/** What an organization's uniqueness rules look at. */
interface ConflictKey {
  id?: string;
  regionCode: string;
  nameNormalized: string;
  creditCode: string | null;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
