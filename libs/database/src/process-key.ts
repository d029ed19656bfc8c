import { randomInt } from 'node:crypto';

/**
 * This process among all those sharing the database: a random positive 31-bit number, given to each of its
 * connections as the setting `tongxin.process` (so a statement can stamp what it claims with it), and held by a
 * worker as a session advisory lock for as long as it lives (libs/messages WorkerLiveness). A claim stamped with a key
 * whose lock nobody holds belongs to a process that died: the reconciler hands it back at once.
 */
export const PROCESS_KEY = randomInt(1, 2 ** 31 - 1);

/** The first half of the liveness locks' two-part key (the second is the process key): 'tx' 'lv' in ASCII. */
export const LIVENESS_LOCK_CLASS = 0x7478_6c76;
