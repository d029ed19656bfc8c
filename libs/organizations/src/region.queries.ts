import type { EntityManager } from 'typeorm';
import type { RegionView } from './organization.types';

/** Every statement on region (GB/T 2260 provincial-level divisions; written only by the first migration). */

export async function listRegions(db: EntityManager): Promise<RegionView[]> {
  return (await db.query(
    'SELECT code, name_zh AS "nameZh", name_en AS "nameEn" FROM region ORDER BY code',
  )) as RegionView[];
}

export async function regionExists(db: EntityManager, code: string): Promise<boolean> {
  return ((await db.query('SELECT 1 FROM region WHERE code = $1', [code])) as unknown[]).length > 0;
}
