// `npm run api-server -- --port 4010 [--token T] [--location L] [--calls N] [--latency MS]
//  [--seed S] [--rate-limit N] [--faults JSON] [--hostile] [--quiet]`: serves the sample data until Ctrl+C.
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, startApiServer, type ApiServerOptions, type FaultConfig } from './server';

const USAGE = `Usage: npm run api-server -- [options]
  --port N          port on 127.0.0.1 (default 4010; 0 = any free port)
  --token T         bearer token to accept (default: the sample token)
  --location L      location id to accept (default: the sample location)
  --calls N         number of call logs (default 2400)
  --latency MS      delay added to every answer
  --seed S          data seed (default ${DEFAULT_SEED})
  --rate-limit N    requests per 10 s per location (default 100; 0 = no limit)
  --faults JSON     fault injection, e.g. '{"errorRate":0.2,"latencyMs":300}' (see README.md)
  --hostile         plant the hostile strings the tests use (markup, long words, RTL, emoji)
  --quiet           do not log each request`;

/** A command line that cannot be served; message says why (the usage follows it). */
export class CliError extends Error {}

export type CliOptions = ApiServerOptions & { faults?: FaultConfig; help?: boolean };

const OPTIONS = {
  port: { type: 'string' },
  token: { type: 'string' },
  location: { type: 'string' },
  calls: { type: 'string' },
  latency: { type: 'string' },
  seed: { type: 'string' },
  'rate-limit': { type: 'string' },
  faults: { type: 'string' },
  hostile: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// Return type inferred: parseArgs derives each value's type from OPTIONS.
function parseStrict(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Parses the options with node:util's parseArgs, so that `--faults={"a":"b=c"}` and
 * `--token=abc==` keep everything after their first `=`.
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const values = parseStrict(argv);
  // For people looking at it: plain data unless --hostile.
  const options: CliOptions = { port: 4010, log: !values.quiet, hostile: values.hostile === true };
  if (values.help) options.help = true;
  const num = (flag: string, v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new CliError(`--${flag} needs a non-negative number, got ${v}`);
    return n;
  };
  if (values.port !== undefined) options.port = num('port', values.port);
  if (values.token !== undefined) options.token = values.token;
  if (values.location !== undefined) options.locationId = values.location;
  if (values.calls !== undefined) options.calls = num('calls', values.calls);
  if (values.latency !== undefined) options.latencyMs = num('latency', values.latency);
  if (values.seed !== undefined) options.seed = num('seed', values.seed);
  if (values['rate-limit'] !== undefined) {
    const n = num('rate-limit', values['rate-limit']);
    options.rateLimit = n === 0 ? false : { max: n, intervalMs: 10_000 };
  }
  if (values.faults !== undefined) {
    let faults: unknown;
    try {
      faults = JSON.parse(values.faults);
    } catch {
      faults = undefined;
    }
    if (typeof faults !== 'object' || faults === null || Array.isArray(faults)) throw new CliError(`--faults needs a JSON object, got ${values.faults}`);
    options.faults = faults as FaultConfig;
  }
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const started = Date.now();
  const server = await startApiServer(options);
  if (options.faults) server.setFaults(options.faults);
  const agents = server.data.agents;
  console.log(`Voice AI sample API listening on ${server.baseUrl}`);
  console.log(`  token:       ${server.token}`);
  console.log(`  location id: ${server.locationId}`);
  console.log(`  data:        ${agents.length} agents (+${server.data.deletedAgentIds.size} deleted), ${server.sample.count} call logs over the last 90 days (${Date.now() - started} ms)`);
  console.log(`  try:         curl -H "Authorization: Bearer ${server.token}" -H "Version: 2021-07-28" "${server.baseUrl}/voice-ai/agents?locationId=${server.locationId}"`);
  if (options.faults) console.log(`  faults:      ${JSON.stringify(options.faults)}`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Imported by the unit tests for parseCliArgs; serves only when run as a program.
if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
