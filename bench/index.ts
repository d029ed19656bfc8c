/** `npm run bench -- <name> [--flag value ...]`: runs one benchmark and prints its numbers and the command. */
const benches: Record<string, () => Promise<{ run(args: Map<string, string>): Promise<void> }>> = {
  registration: () => import('./registration'),
  import: () => import('./import'),
  reminders: () => import('./reminders'),
  summary: () => import('./summary'),
  faults: () => import('./faults'),
  lifecycle: () => import('./lifecycle'),
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const load = name ? benches[name] : undefined;
  if (!load) {
    console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--flag value ...]`);
    process.exit(2);
  }
  const args = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) args.set(rest[i]!.replace(/^--/, ''), rest[i + 1] ?? '');
  await (await load()).run(args);
}

main().then(
  // A bench that found a failed check set process.exitCode: keep it.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
