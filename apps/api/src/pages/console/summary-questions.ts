import type { EventSummary, QuestionFigures } from '@tongxin/summaries';
import type { Lang } from '../i18n';
import { Bar, barsOf } from './bars';

/**
 * The summary page's registration questions, as the template shows them: per countable question its bars (on the
 * summary's basis: attended once anyone attended) and its table (registered, attended, and organizations for an
 * organization field), and the choice of the question the narrative mentions. Formatting only: the figures are the
 * summary's.
 */

const label = (lang: Lang, zh: string, en: string | null) => (lang === 'en' && en ? en : zh);

export interface QuestionSection {
  key: string;
  label: string;
  removed: boolean;
  byOrganization: boolean;
  /** People who answered, on the basis. */
  answered: number;
  bars: Bar[];
  options: {
    label: string;
    registered: number;
    attended: number;
    organizations?: { registered: number; attended: number };
  }[];
}

export function questionSections(summary: EventSummary, lang: Lang): QuestionSection[] {
  const basis = summary.basis;
  return summary.questions.map((q: QuestionFigures) => {
    const options = q.options.map((o) => ({ ...o, label: label(lang, o.labelZh, o.labelEn) }));
    return {
      key: q.key,
      label: label(lang, q.labelZh, q.labelEn),
      removed: q.removed,
      byOrganization: q.type === 'organization_field',
      answered: q.answered[basis],
      bars: barsOf(
        options,
        (o) => o.label,
        (o) => o[basis],
      ),
      options,
    };
  });
}

/** The questions the narrative may mention (those still on the form), the chosen one selected. */
export function narrativeChoices(summary: EventSummary, lang: Lang) {
  return summary.questions
    .filter((q) => !q.removed)
    .map((q) => ({
      key: q.key,
      label: label(lang, q.labelZh, q.labelEn),
      selected: q.key === summary.event.narrativeQuestion,
    }));
}
