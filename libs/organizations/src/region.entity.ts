import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A GB/T 2260 provincial-level division, seeded by the first migration. */
@Entity('region')
export class RegionEntity {
  @PrimaryColumn({ type: 'char', length: 6 })
  code: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;
}
