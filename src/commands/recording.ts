// Save Recording…: writes a call's recording (a WAV file) where the user chooses, from a call in
// the tree, the call panel's button, or the palette (the call panel in front, else the call selected
// in the view). Streamed from the API with progress and Cancel, or from the panel when it already
// holds the audio; written atomically, so that a cancelled or failed save leaves nothing behind.
// Nothing is written to disk otherwise: the panel plays the recording from memory.
import * as vscode from 'vscode';
import { writeFileAtomically } from '../api/atomicFile';
import { isRecordingUnavailable } from '../api/conversations/api';
import { formatBytes } from '../api/errors';
import type { Services } from '../services';
import { safeText } from '../services/errors';
import type { CallPanelManager } from '../panels/callPanel';
import type { CallsView } from '../views/callsView';
import { recordingProblem } from '../panels/recording/session';
import { readArgument } from './args';
import { rememberFolder, suggestedFileUri } from './export';

export interface SaveRecordingOptions {
  /** A file path or URI: skips the save dialog (tests, scripts). */
  readonly target?: string;
  /** Cancels like the notification's Cancel button (tests). */
  readonly signal?: AbortSignal;
}

export interface SaveRecordingOutcome {
  readonly saved: boolean;
  readonly cancelled: boolean;
  readonly path?: string;
  readonly bytes?: number;
  /** The audio came from the open panel, without a request. */
  readonly fromPanel?: boolean;
}

export function registerRecordingCommands(context: vscode.ExtensionContext, services: Services, panels: CallPanelManager, callsView: CallsView): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('voiceAi.saveRecording', (arg?: unknown, options?: unknown) =>
      saveRecording(context, services, panels, callsView, arg, isOptions(options) ? options : {}),
    ),
  );
}

function isOptions(value: unknown): value is SaveRecordingOptions {
  return typeof value === 'object' && value !== null && ('target' in value || 'signal' in value);
}

async function saveRecording(
  context: vscode.ExtensionContext,
  services: Services,
  panels: CallPanelManager,
  callsView: CallsView,
  arg: unknown,
  options: SaveRecordingOptions,
): Promise<SaveRecordingOutcome | undefined> {
  // The call: the one given (a tree node, the panel's call log, an id of an open panel), else the
  // panel in front, else the call (or search result) selected in the Agents & Calls view.
  const inFront = arg === undefined ? panels.active() : undefined;
  const selected = arg === undefined && !inFront ? callsView.view.selection.find((n) => n.kind === 'call' || n.kind === 'searchHit') : undefined;
  const given = readArgument(arg ?? selected);
  const panel = given.callId !== undefined ? panels.get(given.callId) : inFront;
  const call = (given.callLog ?? panel?.callLog) as { id: string; messageId?: unknown } | undefined;
  if (!call) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Save Recording…: open a call or select one in the Agents & Calls view first.'));
    return undefined;
  }
  const messageId = typeof call.messageId === 'string' && call.messageId !== '' ? call.messageId : undefined;
  if (!messageId) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This call has no recording: it has no message ID (trial calls are not recorded).'));
    return undefined;
  }

  let target: vscode.Uri | undefined;
  if (options.target !== undefined) {
    target = /^[a-z][a-z0-9+.-]+:\/\//i.test(options.target) ? vscode.Uri.parse(options.target) : vscode.Uri.file(options.target);
  } else {
    target = await vscode.window.showSaveDialog({
      defaultUri: suggestedFileUri(context, `call-${call.id}.wav`),
      filters: { [vscode.l10n.t('WAV audio')]: ['wav'] },
      saveLabel: vscode.l10n.t('Save Recording'),
      title: vscode.l10n.t('Save the Call Recording'),
    });
    if (!target) return undefined;
    await rememberFolder(context, target);
  }
  const where = target.scheme === 'file' ? target.fsPath : target.toString();

  const cached = panels.get(call.id)?.recordingBytes;
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving the recording'), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        options.signal?.addEventListener('abort', () => abort.abort(), { once: true });
        if (options.signal?.aborted) abort.abort();
        let shown = 0;
        const report = (received: number, total: number | undefined): void => {
          const percent = total ? Math.floor((received / total) * 100) : 0;
          progress.report({
            message: total ? vscode.l10n.t('{0} of {1}', formatBytes(received), formatBytes(total)) : formatBytes(received),
            increment: percent > shown ? percent - shown : undefined,
          });
          shown = Math.max(shown, percent);
        };
        let chunks: AsyncIterable<Uint8Array>;
        if (cached) {
          const total = cached.reduce((n, c) => n + c.byteLength, 0);
          chunks = (async function* () {
            let at = 0;
            for (const c of cached) {
              at += c.byteLength;
              report(at, total);
              yield c;
            }
          })();
        } else {
          const client = await services.connection.getClient();
          const stream = await client.conversations.openRecording(messageId, { signal: abort.signal, onProgress: (p) => report(p.received, p.total) });
          chunks = stream.chunks;
        }
        let bytes: number;
        if (target.scheme === 'file') {
          bytes = await writeFileAtomically(target.fsPath, chunks, { signal: abort.signal });
        } else {
          // Another file system (a remote or virtual one): written in one go through VS Code.
          const parts: Uint8Array[] = [];
          for await (const c of chunks) parts.push(c);
          const whole = Buffer.concat(parts);
          if (abort.signal.aborted) throw new vscode.CancellationError();
          await vscode.workspace.fs.writeFile(target, whole);
          bytes = whole.byteLength;
        }
        return { saved: true, cancelled: false, path: where, bytes, fromPanel: cached !== undefined } satisfies SaveRecordingOutcome;
      },
    );
    services.log.info(`Recording of call ${call.id} saved to ${where} (${outcome.bytes} bytes${outcome.fromPanel ? ', from the open panel' : ''}).`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Recording saved to {0}.', where));
    return outcome;
  } catch (error) {
    if (isCancellation(error, options.signal)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Saving the recording was cancelled: nothing was written.'));
      return { saved: false, cancelled: true };
    }
    if (isRecordingUnavailable(error)) {
      const { title, message, canSetToken } = recordingProblem(error, messageId);
      const setToken = vscode.l10n.t('Set API Token');
      const choice = await vscode.window.showErrorMessage(`${title}. ${safeText(message)}`, ...(canSetToken ? [setToken] : []));
      if (choice === setToken) await vscode.commands.executeCommand('voiceAi.setToken');
      return { saved: false, cancelled: false };
    }
    services.notifyError(error, vscode.l10n.t('Saving the recording'));
    return { saved: false, cancelled: false };
  }
}

function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  if (error instanceof vscode.CancellationError || signal?.aborted) return true;
  const kind = (error as { kind?: unknown } | undefined)?.kind;
  const name = (error as { name?: unknown } | undefined)?.name;
  return kind === 'aborted' || name === 'AbortError';
}
