// The assistant tools' backend inside VS Code: the extension's own connection (token from
// SecretStorage), agent directory, time-zone setting and the dashboard's analytics service.
import type { AssistantBackend } from '../assistant';
import { AnalyticsService } from '../services/analytics/service';
import type { ActivationServices } from '../services/create';

export function extensionBackend(services: ActivationServices): AssistantBackend {
  const { connection, agents, settings } = services;
  // The dashboard's own computation: the tool's figures are the dashboard's.
  const analytics = new AnalyticsService(connection, agents, services.store);
  return {
    client: () => connection.getClient(),
    agents: (signal) => agents.list(signal),
    timeZone: () => settings.timeZone(),
    store: () => {
      const store = services.store.get();
      if (!store) return { unavailable: storeAbsence(services) };
      // As fresh as an export asks (synced in the last 10 minutes): "today" must hold today's calls.
      return { store, covers: (filter) => services.store.covering(filter, 'export') !== undefined };
    },
    report: async (query, signal) => {
      const outcome = await analytics.report(query, { signal });
      return { report: outcome.report, covered: outcome.covered };
    },
    // For the model, which tells the user: English, with the commands' English names (see definitions.ts).
    setup: {
      noToken: 'Ask the user to run "Voice AI: Set API Token" (a sub-account token with the voice-ai-dashboard.readonly and voice-ai-agents.readonly scopes), or "Voice AI: Try Sample Data" to try it with made-up calls.',
      noLocation: 'Ask the user to run "Voice AI: Set Location ID" (the sub-account\'s id), or "Voice AI: Try Sample Data".',
      unauthorized: 'Ask the user to run "Voice AI: Set API Token" with a valid token.',
    },
    // The answers never hold the token (the client keeps it out of every message); the adapter
    // removes it once more with the token it reads at the end of each call.
    redact: (text) => text,
  };
}

/** Why there is no store, for the model (English, like the rest of its answers). */
function storeAbsence(services: ActivationServices): string {
  switch (services.store.absence()) {
    case 'off':
      return 'it is turned off (setting voiceAi.store.enabled)';
    case 'noAccount':
      return 'no account is set up';
    default:
      return `it cannot run in this VS Code (${services.store.unavailableReason() ?? 'no built-in SQLite'})`;
  }
}
