import { Answer, ConsentAnswer, isActive, Question } from '@tongxin/events';

/**
 * Answers as spreadsheet cells, both ways: the export writes one column per question (its Chinese label as the
 * header, choices by their labels, picks joined with "；"), and the import reads the same cells back into answers
 * for the same checks as every other path, so an exported file imports into a copy of the event unchanged.
 */

export const PICK_SEPARATOR = '；';
const REMOVED_MARK = '（已删除）';
const YES = ['是', 'yes', 'y', 'true', '1', '✓', '√'];
const NO = ['否', 'no', 'n', 'false', '0', '✗', '×'];
const AGREED = ['同意', '已同意', 'agree', 'agreed', 'accepted', 'yes', '是', 'true', '1', '✓', '√'];

const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/**
 * The header of each question's column: its Chinese label (with the key when two questions share a label), marked
 * when the question was taken off the form.
 */
export function answerHeaders(questions: Question[]): string[] {
  const labels = questions.map((q) => q.labelZh);
  return questions.map((q, i) => {
    const label =
      labels.indexOf(q.labelZh) === i && labels.lastIndexOf(q.labelZh) === i ? q.labelZh : `${q.labelZh} [${q.key}]`;
    return isActive(q) ? label : `${label}${REMOVED_MARK}`;
  });
}

/** An answer as a spreadsheet shows it; no answer is an empty cell. */
export function answerCell(q: Question, answer: Answer | undefined): string {
  if (answer === undefined) return '';
  const label = (key: string) => q.options.find((o) => o.key === key)?.labelZh ?? key;
  switch (q.type) {
    case 'choice':
    case 'organization_field':
      return label(String(answer));
    case 'multi_choice':
      return (answer as string[]).map(label).join(PICK_SEPARATOR);
    case 'yes_no':
      return answer ? '是' : '否';
    case 'consent':
      return `同意（第${(answer as ConsentAnswer).version}版）`;
    default:
      return String(answer);
  }
}

/**
 * Which column holds each active question's answers: a header equal to its Chinese or English label (as the export
 * writes it, key suffix included) or its key. Columns of questions taken off the form are not read.
 */
export function answerColumns(questions: Question[], headers: string[]): Map<string, number> {
  const folded = headers.map((h) => fold(h.replace(/^\uFEFF/, '')));
  const written = answerHeaders(questions).map(fold);
  const columns = new Map<string, number>();
  questions.forEach((q, i) => {
    if (!isActive(q)) return;
    const names = [written[i]!, fold(q.labelZh), q.labelEn ? fold(q.labelEn) : '', q.key].filter(Boolean);
    const index = folded.findIndex((h) => names.includes(h));
    if (index >= 0) columns.set(q.key, index);
  });
  return columns;
}

/**
 * A cell read back as the value an API client would send (undefined for an empty cell); what cannot be read is
 * passed on as it is, so the answer check says what is wrong with it.
 */
export function answerFromCell(q: Question, cell: string): unknown {
  const text = cell.trim().replace(/^'(?=[=+\-@])/, '');
  if (text === '') return undefined;
  const option = (value: string) =>
    q.options.find((o) => [o.key, fold(o.labelZh), o.labelEn ? fold(o.labelEn) : ''].includes(fold(value)))?.key ??
    value;
  switch (q.type) {
    case 'choice':
    case 'organization_field':
      return option(text);
    case 'multi_choice':
      return text
        .split(/[；;,，、\n]/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map(option);
    case 'yes_no':
      return YES.includes(fold(text)) ? true : NO.includes(fold(text)) ? false : text;
    case 'consent':
      return AGREED.some((word) => fold(text).startsWith(word)) ? true : text;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'date': {
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
      return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
    }
    default:
      return text;
  }
}
