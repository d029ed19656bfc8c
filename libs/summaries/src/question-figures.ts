import { Answer, countedOptions, isActive, isCountable, Question, QuestionType } from '@tongxin/events';
import type { AnswerTally, TalliedQuestion } from './question-figures.queries';

/**
 * The registration questions as the summary counts them (pure): per countable question (choice, multi_choice,
 * yes_no, organization_field) the people registered and attended who picked each option, from the tallies of
 * question-figures.queries.ts. Free-text answers are never tallied or shown.
 */

export interface RegisteredAttended {
  registered: number;
  attended: number;
}

/** People, and for organization_field also distinct organizations (of the people registered, of those who came). */
export interface PeopleFigures extends RegisteredAttended {
  organizations?: RegisteredAttended;
}

/** People (registrations still standing) who picked the option, those of them who attended, and organizations. */
export interface OptionFigures extends PeopleFigures {
  key: string;
  labelZh: string;
  labelEn: string | null;
}

export interface QuestionFigures {
  key: string;
  type: QuestionType;
  labelZh: string;
  labelEn: string | null;
  /** Taken off the form; shown while its answers are kept. */
  removed: boolean;
  /** People who answered (a multi_choice answer may pick several options, so its options add up to more). */
  answered: PeopleFigures;
  /** In the question's order (yes_no: yes, no). */
  options: OptionFigures[];
}

/** The questions a summary counts, active or removed. */
export const countableQuestions = (questions: Question[]): Question[] => questions.filter(isCountable);

/**
 * What a summary asks answerTallies for: the countable questions of each session, and the answers to leave out of
 * the grouping (keys no session counts: a key counted in one session and free text in another stays, and only the
 * session that counts it tallies it).
 */
export function tallyRequest(sessions: { id: string; questions: Question[] }[]): {
  questions: TalliedQuestion[];
  uncounted: string[];
} {
  const counted = new Set(sessions.flatMap((s) => countableQuestions(s.questions).map((q) => q.key)));
  const others = sessions.flatMap((s) => s.questions.map((q) => q.key)).filter((key) => !counted.has(key));
  return {
    questions: sessions.flatMap((s) =>
      countableQuestions(s.questions).map((q) => ({
        eventId: s.id,
        key: q.key,
        byOrganization: q.type === 'organization_field',
      })),
    ),
    uncounted: [...new Set(others)],
  };
}

/** The option keys an answer picks: a choice its key, multi_choice its keys, yes_no `yes` or `no`. */
export function pickedOptions(answer: Answer): string[] {
  if (Array.isArray(answer)) return answer;
  if (typeof answer === 'boolean') return [answer ? 'yes' : 'no'];
  return typeof answer === 'string' ? [answer] : [];
}

/**
 * Each countable question of one session with its counts (`tallies`: that session's): active questions in the
 * form's order, then removed ones that people still registered answered. An answer names only options its question
 * lists (answers are checked, and an option with answers cannot be removed), so options are read off the question.
 */
export function questionFigures(questions: Question[], tallies: AnswerTally[]): QuestionFigures[] {
  const ordered = countableQuestions([...questions.filter(isActive), ...questions.filter((q) => !isActive(q))]);
  return ordered
    .map((q) =>
      figuresOf(
        q,
        tallies.filter((t) => t.key === q.key),
      ),
    )
    .filter((q) => !q.removed || q.answered.registered > 0);
}

function figuresOf(q: Question, tallies: AnswerTally[]): QuestionFigures {
  // A tally row is one answer as given (by one organization, for organization_field): each person is in one row.
  const figures = (rows: AnswerTally[]): PeopleFigures => ({
    registered: rows.reduce((n, t) => n + t.registered, 0),
    attended: rows.reduce((n, t) => n + t.attended, 0),
    ...(q.type === 'organization_field'
      ? {
          organizations: {
            registered: new Set(rows.filter((t) => t.registered > 0).map((t) => t.organizationId)).size,
            attended: new Set(rows.filter((t) => t.attended > 0).map((t) => t.organizationId)).size,
          },
        }
      : {}),
  });
  return {
    key: q.key,
    type: q.type,
    labelZh: q.labelZh,
    labelEn: q.labelEn,
    removed: !isActive(q),
    answered: figures(tallies),
    options: countedOptions(q).map((o) => ({
      key: o.key,
      labelZh: o.labelZh,
      labelEn: o.labelEn,
      ...figures(tallies.filter((t) => pickedOptions(t.answer).includes(o.key))),
    })),
  };
}

/** One question across the sessions of a series that ask it (copies of a session keep its question keys). */
export interface SeriesQuestionFigures extends Omit<QuestionFigures, 'removed'> {
  /** Per session held that asks it, in session order. */
  sessions: {
    eventId: string;
    sequenceNo: number;
    answered: PeopleFigures;
    options: (PeopleFigures & { key: string })[];
  }[];
}

/**
 * Each countable question of a series' sessions held, by key: labels and options of the latest session that asks
 * it (with options only earlier sessions had after them), totals across the sessions (people count once a session:
 * 人次; organizations once across them), and per session. A session that asks the key as another type is left out
 * of it.
 */
export function seriesQuestionFigures(
  sessions: { id: string; sequenceNo: number; questions: Question[] }[],
  tallies: AnswerTally[],
): SeriesQuestionFigures[] {
  const latestFirst = [...sessions].sort((a, b) => b.sequenceNo - a.sequenceNo);
  const keys = [...new Set(latestFirst.flatMap((s) => countableQuestions(s.questions).map((q) => q.key)))];
  return keys.map((key) => {
    const definitions = latestFirst.flatMap((s) => countableQuestions(s.questions).filter((q) => q.key === key));
    const latest = definitions[0]!;
    const asking = sessions
      .filter((s) => s.questions.some((q) => q.key === key && q.type === latest.type))
      .sort((a, b) => a.sequenceNo - b.sequenceNo);
    const options = definitions
      .filter((q) => q.type === latest.type)
      .flatMap((q) => q.options)
      .filter((o, i, all) => all.findIndex((x) => x.key === o.key) === i);
    const question = { ...latest, options };
    const talliesOf = (ids: string[]) => tallies.filter((t) => t.key === key && ids.includes(t.eventId));
    const { removed: _, ...totals } = figuresOf(question, talliesOf(asking.map((s) => s.id)));
    return {
      ...totals,
      sessions: asking.map((s) => {
        const session = figuresOf(question, talliesOf([s.id]));
        return {
          eventId: s.id,
          sequenceNo: s.sequenceNo,
          answered: session.answered,
          options: session.options.map(({ labelZh: _zh, labelEn: _en, ...o }) => o),
        };
      }),
    };
  });
}
