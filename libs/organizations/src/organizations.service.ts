import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import {
  DomainError,
  ErrorCode,
  normalizeName,
  Page,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
  rejectNullFields,
} from '@tongxin/common';
import { DataSource, EntityManager } from 'typeorm';
import { normalizeCreditCode } from './credit-code';
import type { OrganizationType, OrganizationView, RegionView } from './organization.types';
import {
  editableOrganizationIds,
  insertOrganization,
  isUsedOutsideCreatorsEvents,
  lockOrganization,
  organizationById,
  organizationIdByName,
  OrganizationFields,
  organizationPage,
  updateOrganization,
  verifiedHolderOfCode,
} from './organizations.queries';
import { listRegions, regionExists } from './region.queries';
import { inTransaction } from '@tongxin/database';

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
export interface OrganizationForActor {
  organization: OrganizationView;
  editable: boolean;
}

@Injectable()
export class OrganizationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listRegions(): Promise<RegionView[]> {
    return listRegions(this.dataSource.manager);
  }

  /**
   * Adds an organization. A credit code already held by a verified organization answers 409 with its id; one held
   * only by unverified organizations does not (a code proves nothing until an administrator checked it), so nobody
   * can block a real organization by typing its code in first. The same name in the same region is always a 409.
   */
  async create(actor: Actor, input: OrganizationInput): Promise<OrganizationForActor> {
    const db = this.dataSource.manager;
    await this.assertRegion(input.regionCode);
    const fields: OrganizationFields = {
      name: input.name.trim(),
      nameNormalized: normalizeName(input.name),
      nameEn: input.nameEn?.trim() || null,
      type: input.type,
      regionCode: input.regionCode,
      city: input.city?.trim() || null,
      creditCode: input.creditCode ? normalizeCreditCode(input.creditCode) : null,
    };
    const id = await this.explainingConflicts(
      () => fields,
      async () => {
        if (fields.creditCode) await this.assertCodeFree(db, fields.creditCode);
        return insertOrganization(db, actor.organizerId, fields);
      },
    );
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<OrganizationForActor> {
    const db = this.dataSource.manager;
    const organization = await organizationById(db, id);
    if (!organization) throw new DomainError(ErrorCode.ORGANIZATION_NOT_FOUND, 'Organization not found');
    const editable = await editableOrganizationIds(db, actor.organizerId, [id]);
    return { organization, editable: editable.has(id) };
  }

  /**
   * Organizations are edited by the organizer who created them, and only while nobody else relies on them: once
   * an event the creator cannot edit uses it (as a host, or through a registration or group), or once it is
   * verified, an edit would change another organizer's pages, exports and mails, so it answers 409
   * ORGANIZATION_SHARED. The row is locked first, so a concurrent host or registration insert (whose foreign-key
   * check needs a lock this one excludes) either comes before the check and is seen, or waits until the edit is done.
   */
  async update(actor: Actor, id: string, patch: Partial<OrganizationInput>): Promise<OrganizationForActor> {
    rejectNullFields(patch, ['name', 'type', 'regionCode']);
    const changes: Partial<OrganizationFields> = {};
    if (patch.name !== undefined) {
      changes.name = patch.name.trim();
      changes.nameNormalized = normalizeName(patch.name);
    }
    if (patch.nameEn !== undefined) changes.nameEn = patch.nameEn?.trim() || null;
    if (patch.type !== undefined) changes.type = patch.type;
    if (patch.regionCode !== undefined) changes.regionCode = patch.regionCode;
    if (patch.city !== undefined) changes.city = patch.city?.trim() || null;
    if (patch.creditCode !== undefined)
      changes.creditCode = patch.creditCode ? normalizeCreditCode(patch.creditCode) : null;

    let after: ConflictKey | undefined;
    await this.explainingConflicts(
      () => after,
      () =>
        inTransaction(this.dataSource, async (db) => {
          const locked = await lockOrganization(db, id);
          if (!locked) throw new DomainError(ErrorCode.ORGANIZATION_NOT_FOUND, 'Organization not found');
          if (locked.createdBy !== actor.organizerId) {
            throw new DomainError(
              ErrorCode.FORBIDDEN_ROLE,
              'Only the organizer who added this organization can edit it',
            );
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
          if (changes.creditCode && changes.creditCode !== locked.creditCode)
            await this.assertCodeFree(db, changes.creditCode);
          after = {
            id,
            regionCode: changes.regionCode ?? locked.regionCode,
            nameNormalized: changes.nameNormalized ?? locked.nameNormalized,
            creditCode: changes.creditCode !== undefined ? changes.creditCode : locked.creditCode,
          };
          await updateOrganization(db, id, changes);
        }),
    );
    return this.get(actor, id);
  }

  async list(actor: Actor, query: OrganizationQuery): Promise<Page<OrganizationForActor>> {
    const db = this.dataSource.manager;
    const page = await organizationPage(db, {
      ...query,
      creditCode: query.q === undefined ? undefined : normalizeCreditCode(query.q),
    });
    const editable = await editableOrganizationIds(
      db,
      actor.organizerId,
      page.items.map((o) => o.id),
    );
    return {
      items: page.items.map((o) => ({ organization: o, editable: editable.has(o.id) })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Organizations whose name holds `q` (or whose credit code it is), for a registrant picking theirs as they type.
   * Organizations are public facts, not personal data: no caller needed.
   */
  async suggest(q: string, limit = 8): Promise<OrganizationView[]> {
    const needle = q.trim();
    if (needle.length === 0) return [];
    const page = await organizationPage(this.dataSource.manager, {
      q: needle,
      creditCode: normalizeCreditCode(needle),
      limit,
    });
    return page.items;
  }

  private async assertRegion(code: string): Promise<void> {
    if (!(await regionExists(this.dataSource.manager, code))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `regionCode ${code} is not a provincial-level division code`, {
        fields: [
          { field: 'regionCode', errors: ['regionCode must be a GB/T 2260 provincial-level code such as 110000'] },
        ],
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
      const db = this.dataSource.manager;
      const byName = await organizationIdByName(db, key.regionCode, key.nameNormalized, key.id);
      // Organizers' rows are never verified, so a name is what collides; the other possibility is the code's
      // partial unique index, should an administrator verify the organization in the meantime.
      const existingId = byName ?? (key.creditCode ? await verifiedHolderOfCode(db, key.creditCode) : undefined);
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
