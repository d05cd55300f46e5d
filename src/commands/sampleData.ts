// Try Sample Data / Stop Sample Data: runs the bundled local API server (the same code the
// tests use) inside the extension host on a free loopback port, and points the view at it.
// Sample mode lives in memory only: the user's token and settings are never touched.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { failureMessage } from '../services/errors';

interface SampleServer {
  readonly baseUrl: string;
  readonly token: string;
  readonly locationId: string;
  /** The sample data, to which calls can arrive while it runs. */
  readonly sample?: { arrive(count: number): string[] };
  stop(): Promise<void>;
}

/** A made-up call comes in this often while sample data runs, so that the watch has something to show. */
const SAMPLE_CALL_EVERY_MS = 90_000;

interface SampleServerModule {
  startApiServer(options?: { port?: number; hostile?: boolean }): Promise<SampleServer>;
}

export function registerSampleDataCommands(context: vscode.ExtensionContext, services: Services): void {
  let server: SampleServer | undefined;
  let starting: Promise<SampleServer> | undefined;
  let arrivals: ReturnType<typeof setInterval> | undefined;

  const start = async (): Promise<SampleServer> => {
    const file = path.join(context.extensionPath, 'dist', 'sample-api-server.js');
    // Loaded only on demand, so activation stays small and fast.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as SampleServerModule;
    // Plain data: the hostile strings the tests plant (markup in names…) would only puzzle here.
    const started = await mod.startApiServer({ port: 0, hostile: false });
    services.log.info(`Sample API server listening on ${started.baseUrl}.`);
    return started;
  };

  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    clearInterval(arrivals);
    arrivals = undefined;
    if (services.connection.info()?.sampleData) {
      services.connection.useSampleServer(undefined);
    }
    if (running) {
      await running.stop().catch((err: unknown) => services.log.warn(`Stopping the sample server: ${failureMessage(err)}`));
      services.log.info('Sample data stopped.');
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.trySampleData', async (): Promise<boolean> => {
      try {
        if (!server) {
          starting ??= start();
          server = await vscode.window.withProgress(
            { location: { viewId: 'voiceAi.calls' }, title: vscode.l10n.t('Starting sample data…') },
            () => starting!,
          );
        }
        services.connection.useSampleServer({ baseUrl: server.baseUrl, token: server.token, locationId: server.locationId });
        const sample = server.sample;
        if (sample && !arrivals) arrivals = setInterval(() => sample.arrive(1), SAMPLE_CALL_EVERY_MS);
        void vscode.commands.executeCommand('voiceAi.calls.focus');
        void vscode.window
          .showInformationMessage(vscode.l10n.t('Voice AI: showing sample data from a local server. Your token and settings are unchanged.'), vscode.l10n.t('Stop Sample Data'))
          .then((c) => c && vscode.commands.executeCommand('voiceAi.stopSampleData'));
        return true;
      } catch (err) {
        services.notifyError(err, vscode.l10n.t('Starting sample data'));
        return false;
      } finally {
        starting = undefined;
      }
    }),
    vscode.commands.registerCommand('voiceAi.stopSampleData', stop),
    { dispose: () => void stop() },
  );
}
