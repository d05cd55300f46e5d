// A sync in a process of its own, for the crash test to SIGKILL: argv[2] is JSON
// { baseUrl, token, locationId, file }. Prints "stored <n>" after every stored page.
import { VoiceAiClient } from '../../src/api/client';
import { openCallStore } from '../../src/services/store/open';
import { syncCalls } from '../../src/services/store/sync';

async function main(): Promise<void> {
  const { baseUrl, token, locationId, file } = JSON.parse(process.argv[2]) as { baseUrl: string; token: string; locationId: string; file: string };
  const opened = openCallStore({ file, account: { baseUrl, locationId } });
  if (!opened.ok) throw new Error(opened.reason);
  const client = new VoiceAiClient({ baseUrl, token, locationId, rateLimit: false });
  let last = -1;
  await syncCalls(opened.store, client, {
    concurrency: 4,
    onProgress: (p) => {
      if (p.done !== last) process.stdout.write(`stored ${(last = p.done)}\n`);
    },
  });
  process.stdout.write('done\n');
  opened.store.close();
  await client.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
