import type { QuestionFigures } from '../question-figures';
import type { EventSummary } from '../summary.types';
import { both, STATUS_LABELS, typeLabel } from './labels';
import { barChart, escapeXml, funnelChart } from './svg-charts';
import { eventDateLine, figureColumns, printed, questionTable, summaryTables, Table } from './tables';

/** Regions drawn one by one before the rest are summed up as 其他 / Other. */
const REGIONS_DRAWN = 12;

const STYLE = `
  @page { size: A4; margin: 16mm; }
  body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; color: #222;
         max-width: 720px; margin: 24px auto; line-height: 1.6; }
  h1 { font-size: 24px; margin: 0; }
  h2 { font-size: 17px; border-bottom: 2px solid #1f5fa8; padding-bottom: 2px; margin-top: 28px; }
  .subtitle { color: #555; margin: 4px 0; }
  .narrative { font-size: 15px; text-align: justify; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: 16px 0; }
  section, figure { break-inside: avoid; }
`;

const cell = (value: string | number, tag: 'td' | 'th', figure: boolean) =>
  `<${tag}${figure ? ' class="n"' : ''}>${escapeXml(printed(value))}</${tag}>`;

/** A table under its heading; `figure`, a chart of the same figures, between them. */
function htmlTable(table: Table, figure = ''): string {
  const figures = figureColumns(table);
  return [
    `<section><h2>${escapeXml(both(table.title))}</h2>${figure}<table>`,
    `<thead><tr>${table.headers.map((h, i) => cell(h, 'th', figures[i]!)).join('')}</tr></thead>`,
    '<tbody>',
    ...table.rows.map((row) => `<tr>${row.map((v, i) => cell(v, 'td', figures[i]!)).join('')}</tr>`),
    '</tbody></table></section>',
  ].join('\n');
}

/** The three charts: the registration funnel, people by region, organizations by type. */
export function summaryCharts(summary: EventSummary): string[] {
  const funnel = funnelChart(
    [
      { label: '报名 Registered', value: summary.people.registered },
      { label: `${STATUS_LABELS.confirmed[0]} ${STATUS_LABELS.confirmed[1]}`, value: summary.attendance.confirmed },
      { label: '参加 Attended', value: summary.people.attended },
    ],
    '报名转化 Registered → confirmed → attended',
  );
  // Attended bars only once anyone attended.
  const attended = summary.basis === 'attended';
  const values = (registered: number, came: number) => (attended ? [registered, came] : [registered]);
  const drawn = summary.regions.slice(0, REGIONS_DRAWN);
  const rest = summary.regions.slice(REGIONS_DRAWN);
  const regionRows = drawn.map((r) => ({ label: `${r.nameZh} ${r.nameEn}`, values: values(r.registered, r.attended) }));
  if (rest.length > 0) {
    regionRows.push({
      label: `其他${rest.length}个地区 ${rest.length} others`,
      values: values(
        rest.reduce((n, r) => n + r.registered, 0),
        rest.reduce((n, r) => n + r.attended, 0),
      ),
    });
  }
  const regions = barChart(regionRows, {
    title: '各地区人数 People by region',
    series: attended ? ['报名 Registered', '参加 Attended'] : ['报名 Registered'],
  });
  const types = barChart(
    summary.organizationTypes.map((t) => ({ label: both(typeLabel(t.type)), values: [t.organizations] })),
    { title: '机构类型 Organizations by type', series: ['机构 Organizations'] },
  );
  return [funnel, regions, types];
}

/**
 * A registration question: bars per option (registered, and attended once anyone attended) above its table. The
 * table says the same to a screen reader, so the drawing is hidden from it.
 */
function questionSection(summary: EventSummary, q: QuestionFigures): string {
  const table = questionTable(q);
  const attended = summary.basis === 'attended';
  const chart = barChart(
    q.options.map((o, i) => ({
      label: String(table.rows[i]![0]),
      values: attended ? [o.registered, o.attended] : [o.registered],
    })),
    { title: both(table.title), series: attended ? ['报名 Registered', '参加 Attended'] : ['报名 Registered'] },
  );
  return htmlTable(table, `<figure aria-hidden="true">${chart}</figure>`);
}

/** A printable, self-contained page: no script, no external resource; Chinese first, English second. */
export function summaryHtml(summary: EventSummary): string {
  const { event, narrative } = summary;
  const [zhDay, enDay] = eventDateLine(summary);
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(event.title)} · 活动总结 Summary</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeXml(event.title)}</h1>`,
    event.titleEn ? `<p class="subtitle" lang="en">${escapeXml(event.titleEn)}</p>` : '',
    `<p class="subtitle">${escapeXml(zhDay)} · ${escapeXml(enDay)}</p></header>`,
    `<section><h2>活动综述</h2><p class="narrative">${escapeXml(narrative.zh)}</p></section>`,
    `<section lang="en"><h2>Summary</h2><p class="narrative">${escapeXml(narrative.en)}</p></section>`,
    ...summaryCharts(summary).map((chart) => `<figure>${chart}</figure>`),
    ...summaryTables(summary).map((table) => htmlTable(table)),
    ...summary.questions.map((q) => questionSection(summary, q)),
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
