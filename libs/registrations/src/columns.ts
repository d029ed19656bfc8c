import type { OrganizationType } from '@tongxin/organizations';

/**
 * The spreadsheet columns of a registration list, shared by export and import so an exported file imports back.
 * Headers are Chinese first; import also accepts the English keys and common Chinese variants.
 */
export const IMPORT_COLUMNS = {
  name: ['姓名', '名字', 'name'],
  email: ['邮箱', '电子邮箱', '邮件', 'email', 'e-mail'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', 'phone', 'mobile'],
  organization: ['单位', '单位名称', '组织', '机构', '工作单位', 'organization', 'org'],
  creditCode: ['统一社会信用代码', '信用代码', 'creditcode', 'credit code'],
  regionCode: ['地区代码', '行政区划代码', 'regioncode', 'region code'],
  orgType: ['单位类型', '组织类型', 'orgtype', 'org type', 'organization type'],
  jobTitle: ['职务', '职位', 'jobtitle', 'job title'],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

export const ORGANIZATION_TYPE_LABELS: Record<OrganizationType, string> = {
  social_group: '社会团体',
  foundation: '基金会',
  social_service_agency: '社会服务机构',
  industry_association: '行业协会',
  other: '其他',
};

const typeAliases: Record<string, OrganizationType> = {
  ...Object.fromEntries(
    Object.entries(ORGANIZATION_TYPE_LABELS).map(([type, label]) => [label, type as OrganizationType]),
  ),
  ...Object.fromEntries(Object.keys(ORGANIZATION_TYPE_LABELS).map((type) => [type, type as OrganizationType])),
  民办非企业单位: 'social_service_agency',
  商会: 'industry_association',
};

export function parseOrganizationType(value: string): OrganizationType | undefined {
  return typeAliases[value.trim().toLowerCase()] ?? typeAliases[value.trim()];
}

/** Maps a header row to the column each cell holds (unknown headers map to undefined and are ignored). */
export function mapHeaders(headers: string[]): (ImportColumn | undefined)[] {
  const lookup = new Map<string, ImportColumn>();
  for (const [column, aliases] of Object.entries(IMPORT_COLUMNS)) {
    for (const alias of aliases) lookup.set(alias.toLowerCase(), column as ImportColumn);
  }
  return headers.map((h) =>
    lookup.get(
      h
        .normalize('NFKC')
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase(),
    ),
  );
}

/** Export columns: the import columns, then what only the platform knows. */
export const EXPORT_HEADERS = [
  '姓名',
  '邮箱',
  '手机',
  '单位',
  '统一社会信用代码',
  '地区代码',
  '单位类型',
  '职务',
  '地区',
  '状态',
  '来源',
  '报名时间',
];
