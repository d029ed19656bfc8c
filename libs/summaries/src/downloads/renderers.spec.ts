import ExcelJS from 'exceljs';
import type { EventSummary } from '../summary.types';
import { summaryHtml } from './summary-html';
import { mdText, summaryMarkdown } from './summary-markdown';
import { questionSheetName, SHEETS, summaryWorkbook } from './summary-workbook';
import { barChart, escapeXml, funnelChart } from './svg-charts';

const HOSTILE = '<script>alert(1)</script> & "quotes" | *bold*';

function summary(overrides: Partial<EventSummary> = {}): EventSummary {
  const zero = { confirmed: 0, waitlisted: 0, pending: 0, cancelled: 0, rejected: 0 };
  return {
    event: {
      id: 'e1',
      title: HOSTILE,
      titleEn: null,
      kind: 'in_person',
      status: 'published',
      startsAt: new Date('2026-12-05T01:00:00Z'),
      endsAt: new Date('2026-12-05T09:00:00Z'),
      timezone: 'Asia/Shanghai',
      venue: '北京市东城区',
      language: 'zh',
      attendedMinMinutes: 30,
      narrativeQuestion: null,
    },
    series: null,
    basis: 'attended',
    registrations: { ...zero, confirmed: 46, total: 46 },
    attendance: {
      confirmed: 46,
      attended: 40,
      attendanceRate: 0.87,
      checkedIn: 40,
      joinedOnline: 0,
      attendedByImport: 0,
      unregisteredParticipants: 0,
      unregisteredAttended: 0,
    },
    people: { registered: 46, attended: 40 },
    organizations: { registered: 42, attended: 38 },
    regions: [
      {
        code: '110000',
        nameZh: '北京市',
        nameEn: 'Beijing',
        organizations: 30,
        organizationsAttended: 28,
        registered: 34,
        attended: 30,
      },
      {
        code: '130000',
        nameZh: '河北省',
        nameEn: 'Hebei',
        organizations: 12,
        organizationsAttended: 10,
        registered: 12,
        attended: 10,
      },
    ],
    organizationTypes: [
      { type: 'foundation', organizations: 42, organizationsAttended: 38, registered: 46, attended: 40 },
    ],
    hosts: [{ role: 'host', organizations: [{ id: 'o1', name: HOSTILE, nameEn: null }] }],
    agenda: [],
    speakers: [],
    messages: [{ kind: 'confirmation', sent: 45, failed: 1 }],
    intentions: {
      total: 0,
      byField: {} as EventSummary['intentions']['byField'],
      byStatus: { intent: 0, negotiating: 0, signed: 0 },
      signed: 0,
      signedOnSite: 0,
    },
    questions: [],
    narrative: { zh: `中文${HOSTILE}`, en: `English ${HOSTILE}` },
    organizationList: [],
    ...overrides,
  };
}

describe('svg charts', () => {
  it('escapes every text and draws one bar per value', () => {
    const svg = barChart([{ label: HOSTILE, values: [3, 1] }], { title: HOSTILE, series: ['a', 'b'] });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain(escapeXml(HOSTILE));
    expect(svg.match(/<rect /g)).toHaveLength(2 + 2); // two legend swatches, two bars
    const funnel = funnelChart(
      [
        { label: '报名', value: 200 },
        { label: '参加', value: 150 },
      ],
      'funnel',
    );
    expect(funnel).toContain('150 (75.0%)');
  });
});

describe('markdown', () => {
  it('escapes markup and keeps the table one line a row', () => {
    expect(mdText('a|b *c* <d>\nnext')).toBe('a\\|b \\*c\\* \\<d\\> next');
    const md = summaryMarkdown(summary());
    expect(md).not.toContain('<script>');
    expect(md).toContain('| 北京市 Beijing | 110000 | 30 | 34 | 30 |');
    expect(md).toContain('| 报名确认 Confirmation | 45 | 1 |');
    expect(md.indexOf('## 活动综述')).toBeLessThan(md.indexOf('## Summary'));
  });
});

describe('html', () => {
  it('is self-contained, escaped, Chinese first, with the three charts', () => {
    const html = summaryHtml(summary());
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('<td class="n">34</td>');
    expect(html.indexOf('活动综述')).toBeLessThan(html.indexOf('>Summary<'));
  });

  it('draws attended bars only once anyone attended', () => {
    const registered = summaryHtml(summary({ basis: 'registered' }));
    // The funnel names its step either way; the region chart's legend only with attended bars.
    expect(registered.match(/参加 Attended<\/text>/g)).toHaveLength(1);
    expect(summaryHtml(summary()).match(/参加 Attended<\/text>/g)).toHaveLength(2);
  });
});

/** A question whose label an organizer typed: escaped everywhere, its sheet named within Excel's rules. */
const hostileQuestion: EventSummary['questions'][number] = {
  key: 'field',
  type: 'organization_field',
  labelZh: `领域[1]/2:${HOSTILE}`,
  labelEn: null,
  removed: false,
  answered: { registered: 3, attended: 2, organizations: { registered: 2, attended: 1 } },
  options: [
    {
      key: 'community',
      labelZh: HOSTILE,
      labelEn: null,
      registered: 3,
      attended: 2,
      organizations: { registered: 2, attended: 1 },
    },
  ],
};

describe('registration questions in the downloads', () => {
  it('prints a question as a table, its bars beside it in the page, every label escaped', async () => {
    const withQuestion = summary({ questions: [hostileQuestion] });
    const html = summaryHtml(withQuestion);
    expect(html).not.toContain('<script>');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('<figure aria-hidden="true"><svg');
    expect(html).toContain('<td class="n">3</td><td class="n">2</td><td class="n">2</td><td class="n">1</td>');
    const md = summaryMarkdown(withQuestion);
    expect(md).not.toContain('<script>');
    expect(md).toContain('| 作答人数 Answered | 3 | 2 | 2 | 1 |');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await summaryWorkbook(withQuestion, [], [])) as unknown as ExcelJS.Buffer);
    const name = questionSheetName(0, hostileQuestion.labelZh);
    expect(name).toHaveLength(31);
    expect(name).not.toMatch(/[:\\/?*[\]]/);
    expect(book.worksheets.map((w) => w.name)).toEqual([...Object.values(SHEETS), name]);
    expect(book.getWorksheet(name)!.getRow(3).values).toEqual([undefined, HOSTILE, 3, 2, 2, 1]);
  });
});

describe('workbook', () => {
  it('has the five sheets, the narrative and the regions', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await summaryWorkbook(summary(), [], [])) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));
    expect(book.getWorksheet(SHEETS.summary)!.getCell('A1').value).toBe(HOSTILE);
    expect(book.getWorksheet(SHEETS.regions)!.getRow(3).values).toEqual([
      undefined,
      '河北省 Hebei',
      '130000',
      12,
      12,
      10,
    ]);
  });
});
