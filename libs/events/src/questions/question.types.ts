/**
 * Registration questions: what an event asks beyond the fixed fields. The definitions live on the event (a JSONB
 * array, `event.questions`), the answers on each registration (a JSONB object keyed by question key,
 * `registration.answers`); docs/architecture.md says why.
 */

export const QUESTION_TYPES = [
  'text',
  'long_text',
  'number',
  'choice',
  'multi_choice',
  'yes_no',
  'date',
  'consent',
  'organization_field',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Types whose answers are one of a question's options. */
export const OPTION_TYPES: readonly QuestionType[] = ['choice', 'multi_choice', 'organization_field'];
/** Types the summary counts per option (yes/no counts as the options `yes` and `no`). */
export const COUNTABLE_TYPES: readonly QuestionType[] = ['choice', 'multi_choice', 'yes_no', 'organization_field'];

/** A stable key: lower-case letters, digits and underscores, starting with a letter. */
export const QUESTION_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_QUESTIONS = 30;
export const MAX_OPTIONS = 50;
export const TEXT_MAX_LENGTH = 1_000;
export const LONG_TEXT_MAX_LENGTH = 5_000;
/** Longest answer a text question takes when the organizer sets no maxLength. */
export const DEFAULT_MAX_LENGTH: Partial<Record<QuestionType, number>> = { text: 200, long_text: 2_000 };

export interface QuestionOption {
  key: string;
  labelZh: string;
  labelEn: string | null;
}

/** A question as an event keeps it. */
export interface Question {
  key: string;
  type: QuestionType;
  labelZh: string;
  labelEn: string | null;
  helpZh: string | null;
  helpEn: string | null;
  required: boolean;
  /** choice, multi_choice, organization_field: the options, in the order shown. */
  options: QuestionOption[];
  /** number: the smallest and largest value; multi_choice: the fewest and most picks. */
  min: number | null;
  max: number | null;
  /** number: whole numbers only. */
  integer: boolean;
  /** text, long_text: the longest answer. */
  maxLength: number | null;
  /**
   * In a group registration: asked of each person (true), or once, of the delegate, for the whole group (false; the
   * answer is stored on every person of the group).
   */
  perPerson: boolean;
  /** The attendee may change the answer on their manage page until registration closes. */
  editable: boolean;
  /** The checkin role sees the answers at the door (by default nobody but owners and managers does). */
  visibleToCheckin: boolean;
  /** consent: the version of the statement (label and help); it moves when their text changes. */
  version: number;
  /** Set when the organizer took the question off the form: its answers stay (exports mark them) until deleted. */
  removedAt: string | null;
}

/** A question as an organizer writes it (API body, console form): the rest takes its default. */
export interface QuestionInput {
  key: string;
  type: QuestionType;
  labelZh: string;
  labelEn?: string | null;
  helpZh?: string | null;
  helpEn?: string | null;
  required?: boolean;
  options?: { key: string; labelZh: string; labelEn?: string | null }[];
  min?: number | null;
  max?: number | null;
  integer?: boolean;
  maxLength?: number | null;
  perPerson?: boolean;
  editable?: boolean;
  visibleToCheckin?: boolean;
}

/** A consent as stored: accepted, and the version of the statement accepted. */
export interface ConsentAnswer {
  accepted: true;
  version: number;
}

/**
 * An answer as stored and as the API shows it: text, long_text, date (YYYY-MM-DD), choice and organization_field (the
 * option key) are strings; number a number; yes_no a boolean; multi_choice the option keys; consent an object.
 */
export type Answer = string | number | boolean | string[] | ConsentAnswer;
export type Answers = Record<string, Answer>;

/** Which of an event's questions a form asks: all (one person), the group's (once), or each person's in a group. */
export type AnswerScope = 'single' | 'group' | 'person';

export function isActive(q: Question): boolean {
  return q.removedAt === null;
}

export function isCountable(q: Question): boolean {
  return COUNTABLE_TYPES.includes(q.type);
}

/** The questions a form of the scope asks, in order. */
export function questionsAsked(questions: Question[], scope: AnswerScope): Question[] {
  return questions.filter(
    (q) => isActive(q) && (scope === 'single' || (scope === 'group' ? !q.perPerson : q.perPerson)),
  );
}

/** The options a countable question is counted by: its own, or yes and no. */
export function countedOptions(q: Question): QuestionOption[] {
  if (q.type !== 'yes_no') return q.options;
  return [
    { key: 'yes', labelZh: '是', labelEn: 'Yes' },
    { key: 'no', labelZh: '否', labelEn: 'No' },
  ];
}
