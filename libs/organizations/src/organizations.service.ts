import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
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
import { Brackets, Repository } from 'typeorm';
import { normalizeCreditCode } from './credit-code';
import { OrganizationEntity, OrganizationType } from './organization.entity';
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

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
  ) {}

  listRegions(): Promise<RegionEntity[]> {
    return this.regions.find({ order: { code: 'ASC' } });
  }

  async create(actor: Actor, input: OrganizationInput): Promise<OrganizationEntity> {
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
    const saved = await this.saveOrExplainConflict(row);
    return this.get(saved.id);
  }

  async get(id: string): Promise<OrganizationEntity> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw new DomainError(ErrorCode.ORGANIZATION_NOT_FOUND, 'Organization not found');
    return organization;
  }

  /** Organizations are edited by the organizer who created them. */
  async update(actor: Actor, id: string, patch: Partial<OrganizationInput>): Promise<OrganizationEntity> {
    rejectNullFields(patch, ['name', 'type', 'regionCode']);
    const organization = await this.get(id);
    if (organization.createdBy !== actor.organizerId) {
      throw new DomainError(ErrorCode.FORBIDDEN_ROLE, 'Only the organizer who added this organization can edit it');
    }
    if (patch.regionCode !== undefined) await this.assertRegion(patch.regionCode);
    if (patch.name !== undefined) {
      organization.name = patch.name.trim();
      organization.nameNormalized = normalizeName(patch.name);
    }
    if (patch.nameEn !== undefined) organization.nameEn = patch.nameEn?.trim() || null;
    if (patch.type !== undefined) organization.type = patch.type;
    if (patch.regionCode !== undefined) organization.regionCode = patch.regionCode;
    if (patch.city !== undefined) organization.city = patch.city?.trim() || null;
    if (patch.creditCode !== undefined) {
      organization.creditCode = patch.creditCode ? normalizeCreditCode(patch.creditCode) : null;
    }
    const { region: _region, ...columns } = organization;
    await this.saveOrExplainConflict(this.organizations.create(columns));
    return this.get(id);
  }

  async list(query: OrganizationQuery): Promise<Page<OrganizationEntity>> {
    const qb = this.organizations
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.region', 'region')
      .orderBy('o.name_normalized', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(query.limit + 1);
    if (query.q) {
      const needle = `%${escapeLike(normalizeName(query.q))}%`;
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
    return toPage(rows, query.limit, (o) => encodeCursor(o.nameNormalized, o.id), (o) => o);
  }

  private async assertRegion(code: string): Promise<void> {
    if (!(await this.regions.existsBy({ code }))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `regionCode ${code} is not a provincial-level division code`, {
        fields: [{ field: 'regionCode', errors: ['regionCode must be a GB/T 2260 provincial-level code such as 110000'] }],
      });
    }
  }

  /** Saves, and turns a uniqueness conflict into 409 with the id of the organization that already exists. */
  private async saveOrExplainConflict(row: OrganizationEntity): Promise<OrganizationEntity> {
    try {
      return await this.organizations.save(row);
    } catch (error) {
      if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
      const existing = await this.organizations
        .createQueryBuilder('o')
        .where('o.id IS DISTINCT FROM :id', { id: row.id ?? null })
        .andWhere(
          new Brackets((w) =>
            w.where('o.credit_code = :code', { code: row.creditCode })
              .orWhere('(o.region_code = :region AND o.name_normalized = :name)', {
                region: row.regionCode,
                name: row.nameNormalized,
              }),
          ),
        )
        .getOne();
      throw new DomainError(
        ErrorCode.ORGANIZATION_EXISTS,
        existing?.creditCode && existing.creditCode === row.creditCode
          ? 'An organization with this unified social credit code already exists'
          : 'An organization with this name already exists in this region',
        { existingId: existing?.id ?? null },
      );
    }
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
