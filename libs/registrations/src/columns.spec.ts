import { mapHeaders, parseOrganizationType } from './columns';

describe('spreadsheet columns', () => {
  it('recognises Chinese and English headers, full-width and BOM included', () => {
    expect(
      mapHeaders([
        '\uFEFF姓名',
        'Email',
        '手机号',
        '单位名称',
        '统一社会信用代码',
        'regionCode',
        '组织类型',
        '职务',
        '备注',
      ]),
    ).toEqual(['name', 'email', 'phone', 'organization', 'creditCode', 'regionCode', 'orgType', 'jobTitle', undefined]);
  });

  it('reads organization types written in Chinese or as API values', () => {
    expect(parseOrganizationType('基金会')).toBe('foundation');
    expect(parseOrganizationType('民办非企业单位')).toBe('social_service_agency');
    expect(parseOrganizationType('Social_Group')).toBe('social_group');
    expect(parseOrganizationType('公司')).toBeUndefined();
  });
});
