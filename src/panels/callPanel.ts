// STUB (owned by the call panel work).
import type * as vscode from 'vscode';
import type { Services } from '../services';
export function registerCallPanels(_context: vscode.ExtensionContext, _services: Services) { return {}; }
