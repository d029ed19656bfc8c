import { DomainError, ErrorCode } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import { answerCounts, optionAnswerCount, saveQuestions } from './question.queries';
import { conflictMessage, mergeQuestions, questionProblems } from './question-rules';
import { isActive, isCountable, Question, QuestionInput } from './question.types';

/**
 * Changes an event's questions inside the caller's transaction, which holds the event row's lock (so no registration
 * stores answers between the counts below and the write: register_and_claim waits for the lock, then finds a new
 * version and checks its answers again). Refuses, with 409 QUESTION_HAS_ANSWERS naming how many answers, a change
 * that answers already given depend on; a question taken off the form keeps its answers (marked removed) unless it
 * has none, and then goes.
 */
export async function changeQuestions(
  db: EntityManager,
  event: { id: string; questions: Question[]; narrativeQuestion: string | null },
  change: { questions?: QuestionInput[]; narrativeQuestion?: string | null },
): Promise<void> {
  let questions = event.questions;
  if (change.questions !== undefined) {
    const problems = questionProblems(change.questions);
    if (problems.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Some questions are not valid', { fields: problems });
    }
    const merged = mergeQuestions(event.questions, change.questions, new Date());
    for (const conflict of merged.conflicts) {
      const used =
        conflict.kind === 'type'
          ? ((await answerCounts(db, event.id, [conflict.key])).get(conflict.key) ?? 0)
          : await optionAnswerCount(db, event.id, conflict.key, conflict.options);
      if (used > 0) {
        throw new DomainError(ErrorCode.QUESTION_HAS_ANSWERS, conflictMessage(conflict, used), {
          question: conflict.key,
          ...(conflict.kind === 'options' ? { options: conflict.options } : {}),
          answers: used,
        });
      }
    }
    const removed = merged.questions.filter((q) => !isActive(q)).map((q) => q.key);
    const answered = await answerCounts(db, event.id, removed);
    questions = merged.questions.filter((q) => isActive(q) || (answered.get(q.key) ?? 0) > 0);
  }
  let narrativeQuestion = change.narrativeQuestion !== undefined ? change.narrativeQuestion : event.narrativeQuestion;
  const narrated = questions.find((q) => q.key === narrativeQuestion);
  if (narrativeQuestion && (!narrated || !isActive(narrated) || !isCountable(narrated))) {
    if (change.narrativeQuestion === undefined) {
      narrativeQuestion = null; // the question it named was taken off the form or changed type
    } else {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'narrativeQuestion must name a question that can be counted', {
        fields: [
          {
            field: 'narrativeQuestion',
            errors: ['must be the key of a choice, multi_choice, yes_no or organization_field question of the event'],
          },
        ],
      });
    }
  }
  await saveQuestions(db, event.id, questions, narrativeQuestion);
}
