// STUB: replaced by the feature that owns it.
import type * as vscode from 'vscode';
import type { Services } from '../services';
export function registerSampleDataCommands(_context: vscode.ExtensionContext, _services: Services): void {}
