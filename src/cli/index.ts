import { Command, Option } from 'commander';
import { loadConfigOrExit, runUntilSignal } from '../app/run-until-signal.js';
import { parseRoles } from '../app/roles.js';
import { describeConfig } from '../config/load-config.js';
import type { WantedOperations } from '../core/acquisition/wanted-operations.js';
import { withContext, type CliContext } from './context.js';
import { listJobs, runJobNow } from './commands/jobs.command.js';

const program = new Command('shelfkeeper').description('Keeps an Audiobookshelf library complete, with a human in the loop on Discord');
program.showHelpAfterError();

program
  .command('start')
  .description('run the service (all roles by default)')
  .addOption(new Option('--role <roles>', 'web, worker, bot or all; comma-separated').default('all'))
  .action(async (opts: { role: string }) => {
    let roles: ReturnType<typeof parseRoles>;
    try {
      roles = parseRoles(opts.role);
    } catch (error) {
      return program.error((error as Error).message, { exitCode: 2 });
    }
    await runUntilSignal(roles);
  });

program
  .command('migrate')
  .description('apply the database migrations')
  .action(() => withContext(async () => void process.stdout.write('database schema up to date\n')));

const jobs = program.command('jobs').description('scheduled jobs');
jobs.command('list').description('jobs, schedules, next and last runs').action(() => withContext(listJobs));
jobs
  .command('run <name>')
  .description('run a job now, in this process')
  .action((name: string) => withContext((ctx) => runJobNow(ctx, name)));

const wanted = program.command('wanted').description('wanted books: list, show, approve, reject, retry, cancel, blocklist, add');
const withWanted = (fn: (ops: WantedOperations, m: typeof import('./commands/wanted.command.js'), ctx: CliContext) => Promise<number>) =>
  withContext(async (ctx) => {
    const m = await import('./commands/wanted.command.js');
    return fn(m.wantedOperations(ctx), m, ctx);
  });
wanted
  .command('list')
  .description('wanted books, newest first')
  .option('--state <states>', 'only these states, comma-separated (e.g. RETRY_WAIT,FAILED)')
  .option('--limit <n>', 'at most this many', '50')
  .option('--offset <n>', 'skip this many', '0')
  .action((opts: { state?: string; limit: string; offset: string }) => withWanted((ops, m) => m.listWanted(ops, opts)));
wanted
  .command('show <id>')
  .description('one wanted book with its transitions, failures and blocklist')
  .action((id: string) => withWanted((ops, m) => m.showWanted(ops, id)));
for (const [action, description, reason] of [
  ['approve', 'approve a book waiting for approval', false],
  ['reject', 'reject a book waiting for approval', true],
  ['retry', 'retry a failed or waiting book now, its failure count reset', false],
  ['cancel', 'cancel a wanted book', true],
  ['blocklist', "never choose the book's current release again (and search again when it was on it)", true],
] as const) {
  const command = wanted.command(`${action} <id>`).description(description);
  if (reason) command.option('--reason <text>', 'why (recorded with the transition)');
  command.action((id: string, opts: { reason?: string }) => withWanted((ops, m, ctx) => m.actOnWanted(ops, action, id, opts, undefined, m.searchQueue(ctx))));
}
wanted
  .command('add')
  .description('request a book (waits for approval unless --approve)')
  .requiredOption('--title <title>', 'the title')
  .requiredOption('--author <name>', 'an author (repeat for several)', (value: string, previous: string[] = []) => [...previous, value])
  .option('--asin <asin>', 'its Audible ASIN')
  .option('--isbn <isbn>', 'its ISBN')
  .option('--approve', 'approved at once', false)
  .action((opts: { title: string; author: string[]; asin?: string; isbn?: string; approve: boolean }) => withWanted((ops, m, ctx) => m.addWanted(ops, opts, undefined, m.searchQueue(ctx))));

const config = program.command('config').description('configuration');
config
  .command('check')
  .description('validate the configuration and print the effective values (secrets masked)')
  .action(() => {
    const loaded = loadConfigOrExit();
    process.stdout.write(`${JSON.stringify(describeConfig(loaded), null, 2)}\n`);
  });

const discord = program.command('discord').description('the Discord bot');
discord
  .command('register')
  .description("register the guild's slash commands now (only when they changed, unless --force)")
  .option('--force', 'overwrite even when Discord already has the same definitions', false)
  .action(async (opts: { force: boolean }) => {
    const { registerDiscordCommands } = await import('./commands/discord.command.js');
    process.exitCode = await registerDiscordCommands(opts).catch((error: unknown) => {
      process.stderr.write(`shelfkeeper: ${(error as Error).message}\n`);
      return 1;
    });
  });

const qbittorrent = program.command('qbittorrent').description('qBittorrent');
qbittorrent
  .command('setup-hook')
  .description('make qBittorrent call POST /webhooks/qbittorrent when a torrent finishes (its "run external program")')
  .option('--service-url <url>', 'where qBittorrent reaches this service (default: http://HTTP_HOST:HTTP_PORT)')
  .option('--curl <path>', 'curl inside the qBittorrent machine or container', '/usr/bin/curl')
  .option('--print', 'only print the command, change nothing', false)
  .action(async (opts: { serviceUrl?: string; curl: string; print: boolean }) => {
    const { setupCompletionHook } = await import('./commands/qbittorrent.command.js');
    process.exitCode = await setupCompletionHook(opts);
  });

program
  .command('doctor')
  .description('probe every configured integration: reachability, authentication, version; exit 1 when one fails')
  .option('--timeout <seconds>', 'deadline of each probe', '10')
  .action(async (opts: { timeout: string }) => {
    const { doctorCommand } = await import('./commands/doctor.command.js');
    process.exitCode = await doctorCommand(opts).catch((error: unknown) => {
      process.stderr.write(`shelfkeeper: ${(error as Error).message}\n`);
      return 1;
    });
  });

program
  .command('match-pairs')
  .description('evaluation: JSON Lines {id, library, candidate} on stdin → {id, same, score} per line on stdout')
  .action(async () => {
    const { matchPairs } = await import('./commands/match-pairs.command.js');
    process.exitCode = await matchPairs(process.stdin, process.stdout);
  });

program
  .command('pick-release')
  .description('evaluation: JSON Lines {id, wanted, results} on stdin → {id, best, acceptable} per line on stdout')
  .action(async () => {
    const { pickReleases } = await import('./commands/pick-release.command.js');
    process.exitCode = await pickReleases(process.stdin, process.stdout);
  });

program
  .command('propose-metadata')
  .description('evaluation: JSON Lines {id, item, candidates} on stdin → {id, match, fields} per line on stdout')
  .action(async () => {
    const { proposeMetadataLines } = await import('./commands/propose-metadata.command.js');
    process.exitCode = await proposeMetadataLines(process.stdin, process.stdout);
  });

program
  .command('find-gaps')
  .description('evaluation: JSON Lines {id, scope, today, options, owned, candidates} on stdin → {id, missing, upcoming} per line on stdout')
  .action(async () => {
    const { findGaps } = await import('./commands/find-gaps.command.js');
    process.exitCode = await findGaps(process.stdin, process.stdout);
  });

await program.parseAsync(process.argv);
