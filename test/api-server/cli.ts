// `npm run api-server -- --port 4010 [--token T] [--location L] [--calls N] [--latency MS]
//  [--seed S] [--rate-limit N] [--faults JSON] [--hostile] [--quiet]`: serves the sample data until Ctrl+C.
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

function parse(argv: string[]): ApiServerOptions & { faults?: FaultConfig } {
  // For people looking at it: plain data unless --hostile.
  const options: ApiServerOptions & { faults?: FaultConfig } = { port: 4010, log: true, hostile: false };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) {
      console.error(`${flag} needs a non-negative number\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = num(flag, value());
        break;
      case '--token':
        options.token = value();
        break;
      case '--location':
        options.locationId = value();
        break;
      case '--calls':
        options.calls = num(flag, value());
        break;
      case '--latency':
        options.latencyMs = num(flag, value());
        break;
      case '--seed':
        options.seed = num(flag, value());
        break;
      case '--rate-limit': {
        const n = num(flag, value());
        options.rateLimit = n === 0 ? false : { max: n, intervalMs: 10_000 };
        break;
      }
      case '--faults': {
        const raw = value();
        try {
          options.faults = JSON.parse(raw ?? '') as FaultConfig;
        } catch {
          console.error(`--faults needs a JSON object, got ${raw}\n\n${USAGE}`);
          process.exit(2);
        }
        break;
      }
      case '--hostile':
        options.hostile = true;
        break;
      case '--quiet':
        options.log = false;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        console.error(`Unknown option ${argv[i]}\n\n${USAGE}`);
        process.exit(2);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
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

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
