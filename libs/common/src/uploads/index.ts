export * from './upload-limits';
export * from './read-table';
export type { Sheet, SheetPicker } from './read-xlsx';
