import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RegionEntity } from './region.entity';

export const ORGANIZATION_TYPES = [
  'social_group',
  'foundation',
  'social_service_agency',
  'industry_association',
  'other',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

@Entity('organization')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'name_normalized', type: 'text' })
  nameNormalized: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn: string | null;

  @Column({ type: 'text' })
  type: OrganizationType;

  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { eager: true })
  @JoinColumn({ name: 'region_code' })
  region: RegionEntity;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ name: 'credit_code', type: 'char', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
