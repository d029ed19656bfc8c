import { Foundation1763800000000 } from './1763800000000-Foundation';

/** Every migration, in order. Listed explicitly so the same list works from source, from dist and under jest. */
export const migrations = [Foundation1763800000000];
