export * from './question.types';
export * from './question-rules';
export * from './answers';
