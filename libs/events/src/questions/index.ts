export * from './question.types';
export * from './question-rules';
export * from './answers';
export * from './question.queries';
