import { Api, ApiError, PlatformUnreachable } from './demo/api';
import { beijingText, DemoContext, minutes, StepResult } from './demo/context';
import { checkInWorkshop, createWorkshop, registerWorkshopDelegates } from './demo/workshop';
import { createPhilanthropyClass, importClassAttendance, importClassRegistrations } from './demo/philanthropy-class';
import { createExchangeMeeting, importExchangeRegistrations, recordIntentions } from './demo/exchange-meeting';
import { Generator } from './demo/generate';
import { printSummaries, showMailStore, waitForMail } from './demo/report';
import { createHostOrganizations, signUpOrganizer } from './demo/setup';

/**
 * `npm run demo`: the three events of the project's field, run end to end through the public API of a running
 * platform (`npm start` in another terminal; DEMO_URL, default http://localhost:3000). Generated people and
 * organizations (seeded, so every run generates the same ones) register, get their confirmations and reminders in
 * the local mail store, are checked in or found in a Tencent Meeting export, and each event's summary paragraph is
 * printed in Chinese and English. Every run signs up its own organizer and makes its own events.
 *
 * The events start three minutes after the demo does (the API takes registrations only before an event ends, and
 * reminders only before it starts), with one reminder REMINDER_MINUTES before the start: the demo waits for it.
 * Door check-ins and the meeting export are then recorded as if the day had come. The class's 12,680 people are
 * not mailed unless DEMO_CLASS_MAIL=true (25,000 messages, some 300 MB of .eml files in the local mail store).
 */
const START_IN_SECONDS = 165;
const REMINDER_MINUTES = 2;
const SEED = 20141226;

interface Step {
  title: string;
  run: (ctx: DemoContext, progress: (line: string) => void) => Promise<StepResult>;
}

const STEPS: Step[] = [
  { title: 'signing up a demo organizer', run: signUpOrganizer },
  { title: 'adding the host organizations', run: createHostOrganizations },
  { title: 'creating and publishing 京津冀协同发展社会组织研讨会', run: createWorkshop },
  { title: 'registering 46 delegates of 42 organizations on its public page', run: registerWorkshopDelegates },
  { title: 'creating the series 老牛公益课 and publishing 第23期', run: createPhilanthropyClass },
  { title: 'registering 12,000+ people for 老牛公益课 第23期 (spreadsheet import)', run: importClassRegistrations },
  { title: 'creating and publishing 京津冀社会组织协同发展十周年交流会', run: createExchangeMeeting },
  { title: 'importing the registrations of 144 organizations', run: importExchangeRegistrations },
  { title: 'recording 184 cooperation intentions, 9 signed on site', run: recordIntentions },
  { title: 'waiting for confirmations and reminders in the local mail store', run: waitForMail },
  { title: 'checking in the workshop delegates at the door', run: checkInWorkshop },
  { title: 'importing the Tencent Meeting export of 老牛公益课 第23期', run: importClassAttendance },
  { title: 'reading the local mail store', run: showMailStore },
  { title: 'writing the summaries', run: printSummaries },
];

async function main(): Promise<void> {
  const baseUrl = (process.env.DEMO_URL || 'http://localhost:3000').replace(/\/+$/, '');
  const now = new Date();
  const startsAt = new Date(now.getTime() + START_IN_SECONDS * 1000);
  const ctx: DemoContext = {
    api: new Api(baseUrl),
    runId: now.getTime().toString(36),
    gen: new Generator(SEED),
    startsAt,
    reminderOffset: `PT${REMINDER_MINUTES}M`,
    classMail: process.env.DEMO_CLASS_MAIL === 'true',
    remindersDueAt: minutes(startsAt, -REMINDER_MINUTES),
    events: {},
    hosts: new Map(),
  };
  console.log(`同心 Tongxin demo against ${baseUrl} (run ${ctx.runId})`);
  console.log(
    `The three events start at ${beijingText(startsAt)} Beijing time, reminders go out ${REMINDER_MINUTES} minutes before; ` +
      'check-ins and the meeting export are recorded as if the day had come.\n',
  );
  const began = Date.now();
  for (const [i, step] of STEPS.entries()) {
    const label = `[${i + 1}/${STEPS.length}] ${step.title} …`;
    const t0 = Date.now();
    const tty = process.stdout.isTTY;
    ctx.api.onWait = (s, why) => console.log(`      (rate limited: ${why}; waiting ${s} s)`);
    if (tty) process.stdout.write(label);
    const progress = (line: string) => tty && process.stdout.write(`\r\x1b[K${label} ${line}`);
    const result = await step.run(ctx, progress);
    const done = `done in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    console.log(tty ? `\r\x1b[K${label} ${done}` : `${label} ${done}`);
    for (const line of [result ?? []].flat()) console.log(line.startsWith('■') || line === '' ? line : `      ${line}`);
  }
  console.log(
    `\nAll done in ${((Date.now() - began) / 1000).toFixed(0)} s. Open ${baseUrl}/console (the organizer above) ` +
      `or ${baseUrl}/api/docs to explore.`,
  );
}

main().catch((e: unknown) => {
  console.log('');
  if (e instanceof PlatformUnreachable) console.error(e.message);
  else if (e instanceof ApiError) console.error(`The platform refused a demo request: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
