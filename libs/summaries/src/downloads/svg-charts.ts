import { enNumber } from '../reporter-style';

/**
 * Small inline SVG charts for the printable summary: horizontal bars, one or two series, and a funnel. Every text is
 * escaped; sizes are fixed so the same figures always draw the same picture.
 */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface ChartRow {
  label: string;
  values: number[];
}

export interface ChartOptions {
  title: string;
  /** One name per series (a legend is drawn for two or more). */
  series: string[];
  width?: number;
}

const COLORS = ['#1f5fa8', '#e07b24', '#3a9a5b'];
const FONT = `font-family="'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif"`;
const VALUE_WIDTH = 80;
const BAR_HEIGHT = 16;

/**
 * Room for the labels at 13px: about a full em for a Chinese character, a little over half for others; between 120
 * and 300 pixels.
 */
function labelWidth(labels: string[]): number {
  const widest = Math.max(
    0,
    ...labels.map((l) => [...l].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 13 : 7.2), 0)),
  );
  return Math.min(300, Math.max(120, Math.ceil(widest) + 14));
}

function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" ${FONT}>`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="0" y="18" font-size="15" font-weight="bold" fill="#222">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Horizontal bars, one row per label; with two series each row holds two bars (e.g. registered and attended). */
export function barChart(rows: ChartRow[], options: ChartOptions): string {
  const width = options.width ?? 680;
  const perRow = options.series.length * (BAR_HEIGHT + 2) + 10;
  const legendHeight = options.series.length > 1 ? 22 : 0;
  const top = 32 + legendHeight;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const labelSpace = labelWidth(rows.map((r) => r.label));
  const scale = (width - labelSpace - VALUE_WIDTH) / max;
  const body: string[] = [];
  if (options.series.length > 1) {
    options.series.forEach((name, s) => {
      const x = labelSpace + s * 150;
      body.push(
        `<rect x="${x}" y="${top - 20}" width="12" height="12" fill="${COLORS[s % COLORS.length]}"/>`,
        `<text x="${x + 18}" y="${top - 10}" font-size="12" fill="#333">${escapeXml(name)}</text>`,
      );
    });
  }
  rows.forEach((row, i) => {
    const y = top + i * perRow;
    const middle = y + (options.series.length * (BAR_HEIGHT + 2)) / 2 + 4;
    body.push(
      `<text x="${labelSpace - 8}" y="${middle}" font-size="13" text-anchor="end" fill="#222">${escapeXml(row.label)}</text>`,
    );
    row.values.forEach((value, s) => {
      const barY = y + s * (BAR_HEIGHT + 2);
      const w = Math.round(value * scale * 10) / 10;
      body.push(
        `<rect x="${labelSpace}" y="${barY}" width="${w}" height="${BAR_HEIGHT}" fill="${COLORS[s % COLORS.length]}"/>`,
        `<text x="${labelSpace + w + 6}" y="${barY + 12}" font-size="11" fill="#333">${enNumber(value)}</text>`,
      );
    });
  });
  return svg(width, top + rows.length * perRow + 4, options.title, body);
}

/**
 * A funnel: one centered bar per step (registered → confirmed → attended), each with its count and its share of the
 * first step.
 */
export function funnelChart(steps: { label: string; value: number }[], title: string, width = 680): string {
  const top = 32;
  const rowHeight = 40;
  const valueWidth = 130;
  const labelSpace = labelWidth(steps.map((s) => s.label));
  const area = width - labelSpace - valueWidth;
  const first = Math.max(1, steps[0]?.value ?? 1);
  const max = Math.max(1, ...steps.map((s) => s.value));
  const body = steps.flatMap((step, i) => {
    const y = top + i * rowHeight;
    const w = Math.round((step.value / max) * area * 10) / 10;
    const x = labelSpace + (area - w) / 2;
    const share = i === 0 ? '' : ` (${((step.value / first) * 100).toFixed(1)}%)`;
    return [
      `<text x="${labelSpace - 8}" y="${y + 21}" font-size="13" text-anchor="end" fill="#222">${escapeXml(step.label)}</text>`,
      `<rect x="${x}" y="${y}" width="${w}" height="30" rx="3" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${width - valueWidth + 8}" y="${y + 21}" font-size="12" fill="#333">${enNumber(step.value)}${share}</text>`,
    ];
  });
  return svg(width, top + steps.length * rowHeight + 4, title, body);
}
