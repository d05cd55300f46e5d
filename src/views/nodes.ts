// The elements of the Agents & Calls tree and how each one looks. Ids are stable (derived from
// agent and call ids) so that expansion and selection survive a refresh.
import * as vscode from 'vscode';
import type { Agent, CallLog } from '../api/schemas';
import type { SearchHit } from '../services/store/types';
import { formatCallTime, formatCallTimeInFull } from '../services/zones';
import { callOutcome, describeActions, formatDuration, oneLine } from './format';
import { formatNumber } from '../shared/locale';

/** A node whose children are a list of calls: an agent or "All calls". */
export type CallListNode = AgentNode | AllCallsNode;
export type CallsTreeNode = CallListNode | CallNode | LoadMoreNode | ErrorNode | MessageNode | SearchHitNode;

export class AgentNode {
  readonly kind = 'agent';
  constructor(public agent: Agent) {}
  get id(): string {
    return `agent/${this.agent.id}`;
  }
  get agentId(): string {
    return this.agent.id;
  }
  /** The filter this list adds to the user's filter. */
  get listAgentId(): string | undefined {
    return this.agent.id;
  }
}

export class AllCallsNode {
  readonly kind = 'allCalls';
  readonly id = 'all';
  readonly listAgentId = undefined;
}

export class CallNode {
  readonly kind = 'call';
  constructor(
    readonly parent: CallListNode,
    /** The whole call log: opening the call needs no request. */
    readonly callLog: CallLog,
  ) {}
  get id(): string {
    return `${this.parent.id}/call/${this.callLog.id}`;
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  loading = false;
  constructor(
    readonly parent: CallListNode,
    public loaded: number,
    /** undefined when the server gave no usable total. */
    public total: number | undefined,
  ) {}
  get id(): string {
    return `${this.parent.id}/more`;
  }
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(
    readonly parent: CallListNode | undefined,
    readonly message: string,
    /** Runs on click and from the inline Retry button. */
    readonly retry: vscode.Command,
    readonly auth: boolean,
  ) {}
  get id(): string {
    return `${this.parent?.id ?? 'root'}/error`;
  }
}

/** A call found by Search Calls: opens its panel with the match highlighted. */
export class SearchHitNode {
  readonly kind = 'searchHit';
  constructor(
    readonly hit: SearchHit,
    /** What was searched for: the panel highlights it. */
    readonly query: string,
  ) {}
  get callLog(): CallLog {
    return this.hit.callLog;
  }
  get id(): string {
    return `search/${this.hit.callLog.id}`;
  }
}

/** An informative row (no calls, an action such as "Set API Token…"). */
export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly parent: CallListNode | undefined,
    readonly key: string,
    readonly label: string,
    readonly icon: string,
    readonly command?: vscode.Command,
  ) {}
  get id(): string {
    return `${this.parent?.id ?? 'root'}/${this.key}`;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function agentTooltip(agent: Agent): vscode.MarkdownString {
  // Theme icons on from the start, so that appendText escapes "$(...)" in names too.
  const md = new vscode.MarkdownString('', true);
  md.supportHtml = false;
  md.isTrusted = false;
  const row = (label: string, value: unknown) => {
    const v = typeof value === 'number' ? String(value) : text(value);
    if (v !== undefined) {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(v);
      md.appendMarkdown('  \n');
    }
  };
  md.appendMarkdown('$(hubot) ');
  md.appendText(text(agent.agentName) ?? agent.id);
  md.appendMarkdown('\n\n');
  row(vscode.l10n.t('Business'), agent.businessName);
  row(vscode.l10n.t('Language'), agent.language);
  row(vscode.l10n.t('Inbound number'), agent.inboundNumber);
  row(vscode.l10n.t('Time zone'), agent.timezone);
  if (typeof agent.maxCallDuration === 'number') row(vscode.l10n.t('Max call duration'), formatDuration(agent.maxCallDuration));
  row(vscode.l10n.t('Agent ID'), agent.id);
  const welcome = text(agent.welcomeMessage);
  if (welcome) {
    md.appendMarkdown(`\n**${vscode.l10n.t('Welcome message')}**\n\n`);
    md.appendText(oneLine(welcome, 400));
  }
  return md;
}

export function agentLabel(agent: Agent): string {
  return oneLine(agent.agentName, 80) || vscode.l10n.t('Agent {0}', agent.id);
}

export function agentTreeItem(node: AgentNode, watched = false, expanded = false): vscode.TreeItem {
  const item = new vscode.TreeItem(agentLabel(node.agent), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = [watched ? vscode.l10n.t('watched') : '', text(node.agent.language), text(node.agent.inboundNumber)].filter(Boolean).join(' · ');
  item.tooltip = agentTooltip(node.agent);
  item.iconPath = new vscode.ThemeIcon(watched ? 'eye' : 'hubot');
  // "agent" or "agent.watched": the context menu offers Watch or Stop Watching.
  item.contextValue = watched ? 'agent.watched' : 'agent';
  return item;
}

export function allCallsTreeItem(node: AllCallsNode, expanded = false): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('All calls'), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = vscode.l10n.t('every agent');
  item.tooltip = vscode.l10n.t("Every agent's calls, including those of deleted agents.");
  item.iconPath = new vscode.ThemeIcon('list-unordered');
  item.contextValue = 'allCalls';
  return item;
}

const OUTCOME_ICONS = {
  transferred: new vscode.ThemeIcon('call-outgoing', new vscode.ThemeColor('charts.blue')),
  booked: new vscode.ThemeIcon('calendar', new vscode.ThemeColor('charts.green')),
  plain: new vscode.ThemeIcon('call-incoming'),
} as const;

function outcomeWords(outcome: keyof typeof OUTCOME_ICONS): string {
  switch (outcome) {
    case 'transferred':
      return vscode.l10n.t('Transferred');
    case 'booked':
      return vscode.l10n.t('Appointment booked');
    default:
      return vscode.l10n.t('Handled by the agent');
  }
}

export interface CallRowContext {
  timeZone: string;
  /** The agent's name, for "All calls" rows. */
  agentName?: string;
  /** The local store saw the agent deleted since the call was made. */
  agentDeleted?: boolean;
  /** Brought in by the watch and not opened yet. */
  unseen?: boolean;
}

export function callTreeItem(node: CallNode | SearchHitNode, ctx: CallRowContext): vscode.TreeItem {
  const call = node.callLog;
  const caller = text(call.fromNumber) ?? vscode.l10n.t('Unknown caller');
  const when = formatCallTime(String(call.createdAt ?? ''), ctx.timeZone);
  const item = new vscode.TreeItem(`${oneLine(caller, 40)} · ${when}`, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const actions = describeActions(call.executedCallActions);
  const deleted = call.isAgentDeleted === true || ctx.agentDeleted === true;
  const parts: string[] = [];
  if (ctx.unseen) parts.push(vscode.l10n.t('new'));
  if (node.kind === 'searchHit' || node.parent.kind === 'allCalls') {
    const name = ctx.agentName ? oneLine(ctx.agentName, 40) : deleted ? vscode.l10n.t('deleted agent') : vscode.l10n.t('agent {0}', oneLine(call.agentId, 24));
    parts.push(deleted && ctx.agentName ? vscode.l10n.t('{0} (deleted)', name) : name);
  }
  parts.push(formatDuration(call.duration));
  if (actions) parts.push(actions);
  if (call.trialCall === true) parts.push(vscode.l10n.t('trial'));
  item.description = parts.join(' · ');
  const outcome = callOutcome(call);
  item.iconPath = OUTCOME_ICONS[outcome];

  const md = new vscode.MarkdownString('', false);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown('**');
  md.appendText(caller);
  md.appendMarkdown('** · ');
  md.appendText(`${formatCallTimeInFull(String(call.createdAt ?? ''), ctx.timeZone)} (${ctx.timeZone})`);
  md.appendMarkdown('\n\n');
  md.appendText(`${outcomeWords(outcome)} · ${formatDuration(call.duration)}${call.trialCall === true ? ` · ${vscode.l10n.t('trial call')}` : ''}`);
  md.appendMarkdown('  \n');
  if (ctx.agentName || deleted) {
    const agent = ctx.agentName ?? call.agentId;
    md.appendText(deleted ? vscode.l10n.t('Agent: {0} (deleted)', agent) : vscode.l10n.t('Agent: {0}', agent));
    md.appendMarkdown('  \n');
  }
  if (actions) {
    md.appendText(vscode.l10n.t('Actions: {0}', actions));
    md.appendMarkdown('  \n');
  }
  const summary = text(call.summary);
  md.appendMarkdown('\n');
  if (summary) {
    // appendText escapes Markdown, so a hostile summary is shown as text, never as links or HTML.
    md.appendText(summary.length > 1200 ? `${summary.slice(0, 1199)}…` : summary);
  } else {
    md.appendMarkdown(`*${vscode.l10n.t('No summary.')}*`);
  }
  item.tooltip = md;
  // "Open Contact in CRM" only for a call with a contact; every call menu item matches /^callLog/.
  item.contextValue = text(call.contactId) ? 'callLog.contact' : 'callLog';
  item.command = { command: 'voiceAi.openCall', title: vscode.l10n.t('Open Call'), arguments: [node] };
  item.accessibilityInformation = { label: vscode.l10n.t('Call from {0}, {1}, {2}', caller, when, item.description) };
  return item;
}

export function loadMoreTreeItem(node: LoadMoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem(
    node.loading
      ? vscode.l10n.t('Loading more…')
      : node.total === undefined
        ? vscode.l10n.t('Load more ({0} shown)', formatNumber(node.loaded))
        : vscode.l10n.t('Load more ({0} of {1})', formatNumber(node.loaded), formatNumber(node.total)),
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(node.loading ? 'loading~spin' : 'ellipsis');
  item.contextValue = 'loadMore';
  if (!node.loading) {
    item.command = { command: 'voiceAi.loadMore', title: vscode.l10n.t('Load More'), arguments: [node] };
  }
  return item;
}

export function errorTreeItem(node: ErrorNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  const md = new vscode.MarkdownString('', false);
  md.appendText(node.message);
  md.appendMarkdown(`\n\n${vscode.l10n.t('Click to retry.')}`);
  item.tooltip = md;
  item.description = vscode.l10n.t('Retry');
  item.contextValue = node.auth ? 'error.auth' : 'error';
  item.command = node.retry;
  return item;
}

export function messageTreeItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.contextValue = `message.${node.key}`;
  item.command = node.command;
  return item;
}

/** A search result: the call's row, with the matching sentence as its description. */
export function searchHitTreeItem(node: SearchHitNode, ctx: CallRowContext): vscode.TreeItem {
  const item = callTreeItem(node, ctx);
  const where = node.hit.field === 'summary' ? vscode.l10n.t('summary') : node.hit.field === 'transcript' ? vscode.l10n.t('transcript') : vscode.l10n.t('caller');
  item.description = `${where}: ${oneLine(node.hit.snippet, 160)}`;
  item.command = { command: 'voiceAi.openCall', title: vscode.l10n.t('Open Call'), arguments: [node] };
  item.accessibilityInformation = { label: vscode.l10n.t('Search result: {0}', `${typeof item.label === 'string' ? item.label : ''}, ${item.description}`) };
  return item;
}
