// The Language Model Tools (package.json contributes.languageModelTools): thin adapters over the
// assistant tools (src/assistant/), which the MCP server runs too. A failure is an answer, not an
// exception: the model gets one sentence saying what happened and what the user can do.
import * as vscode from 'vscode';
import { runTool, TOOL_DEFINITIONS, type AssistantBackend, type ToolName } from '../assistant';
import { redact } from '../api/errors';
import { isId } from '../services/ids';
import type { ActivationServices } from '../services/create';
import { extensionBackend } from './backend';

/** What the chat shows while a tool runs (the user reads it: localized). */
function invocationMessage(name: ToolName, input: unknown): string {
  // The model wrote the input: only a well-formed id reaches the chat's message.
  const given = typeof input === 'object' && input !== null ? (input as { callId?: unknown }).callId : undefined;
  const callId = isId(given) ? given : '';
  switch (name) {
    case 'voiceAi_searchCalls':
      return vscode.l10n.t('Searching Voice AI calls');
    case 'voiceAi_getCall':
      return vscode.l10n.t('Reading call {0}', callId);
    case 'voiceAi_callStats':
      return vscode.l10n.t('Computing call figures');
  }
}

export function registerLanguageModelTools(context: vscode.ExtensionContext, services: ActivationServices, backend: AssistantBackend = extensionBackend(services)): void {
  for (const definition of TOOL_DEFINITIONS) {
    const name = definition.name;
    context.subscriptions.push(
      vscode.lm.registerTool<unknown>(name, {
        prepareInvocation: (options) => ({ invocationMessage: invocationMessage(name, options.input) }),
        invoke: async (options, token) => {
          const controller = new AbortController();
          const cancelled = token.onCancellationRequested(() => controller.abort());
          try {
            const answer = await runTool(name, options.input, backend, controller.signal);
            if (answer.isError) services.log.warn(`${name}: ${answer.text}`);
            const credentials = await services.connection.credentials().catch(() => undefined);
            const text = credentials ? redact(answer.text, credentials.token) : answer.text;
            return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
          } finally {
            cancelled.dispose();
          }
        },
      }),
    );
  }
}
