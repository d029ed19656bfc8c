import type { EventSummary } from '../summary.types';
import { both } from './labels';
import { eventDateLine, figureColumns, printed, questionTables, summaryTables, Table } from './tables';

/** Markdown text: what could be read as markup (emphasis, links, HTML, table pipes) is escaped; lines are joined. */
export function mdText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}

function mdTable(table: Table): string[] {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => mdText(printed(c))).join(' | ')} |`;
  return [
    `## ${mdText(both(table.title))}`,
    '',
    line(table.headers),
    `| ${figureColumns(table)
      .map((figure) => (figure ? '---:' : '---'))
      .join(' | ')} |`,
    ...table.rows.map(line),
    '',
  ];
}

/** The summary as Markdown: title, the narrative in Chinese then English, then the tables, the questions' last. */
export function summaryMarkdown(summary: EventSummary): string {
  const { event, narrative } = summary;
  const [zhDay, enDay] = eventDateLine(summary);
  return [
    `# ${mdText(event.title)}`,
    '',
    ...(event.titleEn ? [`*${mdText(event.titleEn)}*`, ''] : []),
    `${zhDay} · ${enDay}`,
    '',
    '## 活动综述',
    '',
    mdText(narrative.zh),
    '',
    '## Summary',
    '',
    mdText(narrative.en),
    '',
    ...[...summaryTables(summary), ...questionTables(summary)].flatMap(mdTable),
  ].join('\n');
}
