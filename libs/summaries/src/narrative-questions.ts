import type { QuestionType } from '@tongxin/events';
import type { Basis } from './narrative';
import type { QuestionFigures } from './question-figures';
import { enFigure, enList, enNumber, reportedFigure, ReportedFigure, zhFigure } from './reporter-style';

/**
 * The narrative's sentence about the question the organizer chose (event.narrative_question): how the people
 * counted answered it, in Chinese and in English. Pure. Only countable questions have figures, so a free-text answer
 * can never be printed; the English sentence is left out when the question or an option it names has no English
 * label, since the English copy prints no Chinese.
 */

export interface NarratedQuestion {
  type: QuestionType;
  labelZh: string;
  labelEn: string | null;
  /** On the summary's basis (attended once anyone attended): people, or organizations for organization_field. */
  options: { labelZh: string; labelEn: string | null; count: number }[];
}

/** Options named, most chosen first; past them 等 / "among other options". */
export const OPTIONS_NAMED = 5;

/** The chosen question's figures on the basis, or null when there is none to narrate. */
export function narratedQuestion(figures: QuestionFigures | undefined, basis: Basis): NarratedQuestion | null {
  if (!figures || figures.removed) return null;
  const byOrganization = figures.type === 'organization_field';
  return {
    type: figures.type,
    labelZh: figures.labelZh,
    labelEn: figures.labelEn,
    options: figures.options.map((o) => {
      const counted = byOrganization && o.organizations ? o.organizations : o;
      return { labelZh: o.labelZh, labelEn: o.labelEn, count: counted[basis] };
    }),
  };
}

/** The options anyone chose, most chosen first (ties in the question's order), and whether more were left out. */
function named(q: NarratedQuestion): { options: NarratedQuestion['options']; more: boolean } {
  const chosen = q.options.filter((o) => o.count > 0).sort((a, b) => b.count - a.count);
  return { options: chosen.slice(0, OPTIONS_NAMED), more: chosen.length > OPTIONS_NAMED };
}

/** Counted as the narrative counts people: exact under 100, rounded down above ("more than"). */
const figure = (n: number): ReportedFigure => reportedFigure(n, 100);

/** 对于“是否首次参加”，38人选择“是”，8人选择“否”。 (organization_field: 12家机构选择“社区服务”) */
export function questionSentenceZh(q: NarratedQuestion | null | undefined): string {
  if (!q) return '';
  const { options, more } = named(q);
  if (options.length === 0) return '';
  const unit = q.type === 'organization_field' ? '家机构' : '人';
  const parts = options.map((o) => `${zhFigure(figure(o.count))}${unit}选择“${o.labelZh}”`);
  return `对于“${q.labelZh}”，${parts.join('，')}${more ? '等' : ''}。`;
}

const CHINESE = /[\u3400-\u9fff]/;
const english = (text: string | null): text is string => !!text && !CHINESE.test(text);

/**
 * Asked “Is this your first time?”, 38 people answered “Yes” and 8 “No”. / Asked about “Field of work”, 12
 * organizations chose “Community services” and 5 “Charity and relief”.
 */
export function questionSentenceEn(q: NarratedQuestion | null | undefined): string {
  if (!q || !english(q.labelEn)) return '';
  const { options, more } = named(q);
  if (options.length === 0 || !options.every((o) => english(o.labelEn))) return '';
  const [first, ...rest] = options;
  const f = figure(first!.count);
  const lead =
    q.type === 'organization_field' ? enFigure(f, 'organization', 'organizations') : enFigure(f, 'person', 'people');
  const verb = q.type === 'yes_no' ? 'answered' : 'chose';
  const others = rest.map((o) => {
    const r = figure(o.count);
    return `${r.more ? 'more than ' : ''}${enNumber(r.shown)} “${o.labelEn}”`;
  });
  const asked = q.labelEn.trim().endsWith('?') ? `Asked “${q.labelEn}”` : `Asked about “${q.labelEn}”`;
  const list = enList([`${lead} ${verb} “${first!.labelEn}”`, ...others]);
  return `${asked}, ${list}${more ? ', among other options' : ''}.`;
}
