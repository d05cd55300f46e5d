// What the extension is busy with in the background (an export, a sync), for the status bar:
// each activity under its own key, set while it runs and cleared with `undefined` text. The
// status bar (src/views/statusBar.ts) shows the latest one and opens its command on click.
import * as vscode from 'vscode';

export interface Activity {
  readonly key: string;
  /** Short, already localized, e.g. "Exporting 1.250 de 10.000 llamadas". */
  readonly text: string;
  /** What a click runs, e.g. a command that shows the export's progress or the sync's log. */
  readonly command?: string | vscode.Command;
  readonly tooltip?: string;
}

export class ActivityRegistry implements vscode.Disposable {
  private readonly activities = new Map<string, Activity>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  /** Shows (or updates) the activity `key`; `text` undefined ends it. */
  setActivity(key: string, text: string | undefined, command?: string | vscode.Command, tooltip?: string): void {
    if (text === undefined) {
      if (!this.activities.delete(key)) return;
    } else {
      // Re-inserted so that the latest update is shown.
      this.activities.delete(key);
      this.activities.set(key, { key, text, command, tooltip });
    }
    this.emitter.fire();
  }

  /** Running activities, oldest update first. */
  current(): readonly Activity[] {
    return [...this.activities.values()];
  }

  dispose(): void {
    this.activities.clear();
    this.emitter.dispose();
  }
}
