// Plain text for a model: short lines, values from the API as they are (quoted, never
// interpreted), cut to a budget with the cut said.
import type { Agent } from '../api/schemas';

/** Whitespace (line breaks included) collapsed, cut to `max` characters with "…". */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** Text someone said or typed, marked as a quotation. */
export function quote(text: string, max: number): string {
  return `“${oneLine(text, max)}”`;
}

/** 192 → "3m 12s"; 3725 → "1h 2m 5s". */
export function durationText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'unknown duration';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${m}m${rest > 0 ? ` ${rest}s` : ''}`;
  if (m > 0) return `${m}m ${rest}s`;
  return `${rest}s`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-29 14:05" in the zone. */
export function localTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso || 'unknown time';
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(ms);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${(Math.round((part / whole) * 1000) / 10).toString()}%` : '—';
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "Booking Bot (agent id a1)", "a deleted agent (agent id a1)". */
export function agentLabel(agentId: string, agents: ReadonlyMap<string, Agent>, deleted = false): string {
  const agent = agents.get(agentId);
  const name = agent ? quote(agent.agentName, 40) : deleted ? 'a deleted agent' : 'an agent not in the current list';
  return `${name} (agent id ${agentId})`;
}

/**
 * Lines up to a character budget. `add` refuses a line that would pass it, keeping `reserve`
 * characters for what must end the answer (paging hints, the cut notice).
 */
export class BudgetedText {
  private readonly lines: string[] = [];
  private used = 0;

  constructor(
    readonly budget: number,
    private readonly reserve: number,
  ) {}

  /** Adds the line if it fits before the reserve; false (and nothing added) when it does not. */
  add(line: string): boolean {
    if (this.used + line.length + 1 > this.budget - this.reserve) return false;
    this.push(line);
    return true;
  }

  /** Characters left before the reserve. */
  remaining(): number {
    return Math.max(0, this.budget - this.reserve - this.used);
  }

  /** Adds a closing line from the reserve, cut to fit the budget if it must. */
  end(line: string): void {
    const room = this.budget - this.used - 1;
    if (room <= 0) return;
    this.push(line.length <= room ? line : `${line.slice(0, room - 1)}…`);
  }

  private push(line: string): void {
    this.lines.push(line);
    this.used += line.length + 1;
  }

  text(): string {
    return this.lines.join('\n');
  }
}
