// The local call store over node:sqlite: what the views, the watch, the export and the sync ask
// of it (types.ts), answered with the API's semantics (localQuery.ts). Call logs are read from
// disk for the rows a query returns and parsed then; nothing large is kept in memory.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { checkPage, type CallLogFilter } from '../../api/callLogQuery';
import { actionLatencyMs, callOutcome } from '../../api/callOutcome';
import { rawOf, rememberRaw } from '../../api/raw';
import { AgentSchema, CallLogSchema, isKnownActionType, type Agent, type CallLog } from '../../api/schemas';
import { actionMask, afterRow, isUnfiltered, localQuery, pageSql } from './localQuery';
import { searchPlan, snippetOf } from './search';
import type { SqlRow, SqlValue, SqliteDatabase, SqliteStatement } from './sqlite';
import type { CallStore, CoversOptions, PendingWindow, SearchHit, StoreAccount, StoreCoverage, StoredAgent, StoredPage } from './types';

export type { CoversOptions } from './types';

/** How the sync moves the coverage, written in the same transaction as the page it comes with. */
export interface CoverageUpdate {
  readonly from?: number;
  readonly to?: number;
  readonly complete?: boolean;
  readonly lastSyncedAt?: number;
  readonly reconciledAt?: number;
  /** null: the pending window is done. */
  readonly pending?: PendingWindow | null;
}

export interface PutResult {
  /** Ids not stored before, in the order given. */
  readonly added: readonly string[];
  /** Stored call logs whose JSON changed. */
  readonly updated: number;
}

/** Calls younger than this whose late fields are missing are asked for again by the next sync. */
export const UNSETTLED_MS = 2 * 3_600_000;

const STATEMENTS_KEPT = 64;

export class SqliteCallStore implements CallStore {
  private readonly statements = new Map<string, SqliteStatement>();
  private closed = false;
  /** Changes with every clear(): a sync that started before must not write its coverage into the emptied store. */
  private clears = 0;

  constructor(
    private readonly db: SqliteDatabase,
    readonly account: StoreAccount,
    /** The database file (for the log and for Clear Local Data). */
    readonly file: string,
  ) {}

  // ---- Reads ------------------------------------------------------------------------------

  coverage(): StoreCoverage {
    const state = this.state();
    const num = (key: string) => (state.get(key) === undefined || state.get(key) === null ? undefined : Number(state.get(key)));
    return {
      from: num('cov_from'),
      to: num('cov_to'),
      complete: num('complete') === 1,
      lastSyncedAt: num('last_synced_at'),
      reconciledAt: num('reconciled_at'),
      pending:
        num('pending_start') !== undefined && num('pending_end') !== undefined && num('pending_reached') !== undefined
          ? { start: num('pending_start') as number, end: num('pending_end') as number, reached: num('pending_reached') as number }
          : undefined,
      callCount: num('call_count') ?? 0,
    };
  }

  /**
   * The rule: the filter's date range [startDate, endDate] (unbounded when absent) must lie within
   * the coverage [from, to], where a complete coverage has no lower bound. A range ending after
   * `to` (newer calls may exist) is covered only if the caller accepts an answer as of `to`
   * (`maxAgeMs`, see CoversOptions), and never while a pass of new calls is cut short (the store
   * then holds its newest calls, not yet those between them and `to`).
   */
  covers(filter: CallLogFilter, options: CoversOptions = {}): boolean {
    const { from, to, complete, pending } = this.coverage();
    if (to === undefined || (from === undefined && !complete)) return false;
    const start = filter.startDate ?? -Infinity;
    const end = filter.endDate ?? Infinity;
    if (!complete && start < (from as number)) return false;
    if (end <= to) return true;
    // A pass of new calls cut short: its newest calls are stored above calls it has not read yet.
    if (pending) return false;
    const now = options.now ?? Date.now();
    return to >= now - (options.maxAgeMs ?? 0);
  }

  page(filter: CallLogFilter, page: number, pageSize: number): StoredPage {
    checkPage(page, Number.MAX_SAFE_INTEGER);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number of at least 1; got ${String(pageSize)}.`);
    const query = localQuery(filter);
    const total = isUnfiltered(query) ? this.coverage().callCount : Number(this.statement(`SELECT count(*) AS n FROM calls c${query.where}`).get(...query.params)?.n ?? 0);
    const rows = this.statement(pageSql(query)).all(...query.params, pageSize, (page - 1) * pageSize);
    return { total, callLogs: this.callLogsOf(rows) };
  }

  *iterate(filter: CallLogFilter, pageSize = 500): Iterable<readonly CallLog[]> {
    const query = localQuery(filter);
    const keys = query.keys.map((k) => `c.${k} AS k_${k}`).join(', ');
    let after: SqlValue[] | undefined;
    for (;;) {
      const next = after ? afterRow(query, after) : undefined;
      const where = next ? (query.where ? `${query.where} AND ${next.sql}` : ` WHERE ${next.sql}`) : query.where;
      const rows = this.statement(`SELECT j.raw, ${keys} FROM calls c JOIN call_json j ON j.rowid = c.rowid${where}${query.orderBy} LIMIT ?`).all(
        ...query.params,
        ...(next?.params ?? []),
        pageSize,
      );
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      after = query.keys.map((k) => last[`k_${k}`]);
      yield this.callLogsOf(rows);
      if (rows.length < pageSize) return;
    }
  }

  select(sql: string, params: readonly (string | number | null)[] = []): readonly Readonly<Record<string, string | number | null>>[] {
    if (!/^\s*(SELECT|WITH)\b/i.test(sql)) throw new Error('select() runs SELECT statements only.');
    return this.statement(sql).all(...params) as Record<string, string | number | null>[];
  }

  getCallLog(id: string): CallLog | undefined {
    const row = this.statement('SELECT j.raw FROM calls c JOIN call_json j ON j.rowid = c.rowid WHERE c.id = ?').get(id);
    return row ? this.callLogsOf([row])[0] : undefined;
  }

  agents(): readonly StoredAgent[] {
    const rows = this.statement('SELECT raw, deleted FROM agents ORDER BY deleted, position, name').all();
    const out: StoredAgent[] = [];
    for (const row of rows) {
      const sent: unknown = JSON.parse(String(row.raw));
      const parsed = AgentSchema.safeParse(sent);
      if (parsed.success) out.push({ agent: parsed.data, deleted: row.deleted === 1 });
    }
    return out;
  }

  search(text: string, options: { readonly limit?: number; readonly agentId?: string } = {}): SearchHit[] {
    const plan = searchPlan(text);
    if (!plan.match && !plan.digits) return [];
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const ors: string[] = [];
    const params: SqlValue[] = [];
    if (plan.match) {
      ors.push('c.rowid IN (SELECT rowid FROM calls_text WHERE calls_text MATCH ?)');
      params.push(plan.match);
    }
    if (plan.digits) {
      ors.push('c.from_digits LIKE ?');
      params.push(`%${plan.digits}%`);
    }
    let where = ` WHERE (${ors.join(' OR ')})`;
    if (options.agentId !== undefined) {
      where += ' AND c.agent_id = ?';
      params.push(options.agentId);
    }
    const rows = this.statement(
      `SELECT j.raw FROM (SELECT c.rowid AS r, c.created_at, c.id FROM calls c${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ?) p JOIN call_json j ON j.rowid = p.r ORDER BY p.created_at DESC, p.id DESC`,
    ).all(...params, limit);
    const hits: SearchHit[] = [];
    for (const callLog of this.callLogsOf(rows)) {
      const digits = callLog.fromNumber?.replace(/\D/g, '') ?? '';
      const translated = callLog.translation?.translatedTranscript;
      const summary = snippetOf(callLog.summary, plan.words);
      const transcript = summary === undefined ? (snippetOf(callLog.transcript, plan.words) ?? snippetOf(translated, plan.words)) : undefined;
      if (plan.digits && digits.includes(plan.digits)) hits.push({ callLog, field: 'fromNumber', snippet: callLog.fromNumber ?? '' });
      else if (summary !== undefined) hits.push({ callLog, field: 'summary', snippet: summary });
      else if (transcript !== undefined) hits.push({ callLog, field: 'transcript', snippet: transcript });
      // A prefix the tokenizer matched where the snippet's word test does not (rare): still a hit.
      else hits.push({ callLog, field: 'summary', snippet: callLog.summary ?? '' });
    }
    return hits;
  }

  /** Stored calls created at or after `since` whose summary, extracted data or translation may still arrive: the oldest's time. */
  oldestUnsettledSince(since: number): number | undefined {
    const row = this.statement('SELECT min(created_at) AS t FROM calls WHERE unsettled = 1 AND created_at >= ?').get(since);
    return row?.t === null || row?.t === undefined ? undefined : Number(row.t);
  }

  /** The stored call logs' JSON, in bytes (what the API sent, compact): for the disk figures. */
  storedJsonBytes(): number {
    return Number(this.statement('SELECT sum(json_bytes) AS n FROM calls').get()?.n ?? 0);
  }

  /** SQLite's full integrity check: "ok", or what is wrong. */
  integrityCheck(): string {
    return this.db
      .prepare('PRAGMA integrity_check')
      .all()
      .map((r) => String(r.integrity_check))
      .join('; ');
  }

  // ---- Writes ---------------------------------------------------------------------------------

  putCallLogs(callLogs: readonly CallLog[]): PutResult {
    return this.putPage(callLogs);
  }

  /** Stores call logs and moves the coverage in one transaction: a kill leaves both or neither. */
  putPage(callLogs: readonly CallLog[], coverage?: CoverageUpdate): PutResult {
    return this.transaction(() => {
      const added: string[] = [];
      let updated = 0;
      const now = Date.now();
      for (const callLog of callLogs) {
        const change = this.putOne(callLog, now);
        if (change === 'added') added.push(callLog.id);
        else if (change === 'updated') updated++;
      }
      if (added.length > 0) this.setState('call_count', this.coverage().callCount + added.length);
      if (coverage) this.setCoverage(coverage);
      return { added, updated };
    });
  }

  /** Moves the coverage without storing calls (e.g. an empty window was checked). */
  updateCoverage(coverage: CoverageUpdate): void {
    this.transaction(() => this.setCoverage(coverage));
  }

  /** How many stored calls were created in [startDate, endDate] (both inclusive, as the API's filter). */
  countCreatedBetween(startDate: number, endDate: number): number {
    return Number(this.statement('SELECT count(*) AS n FROM calls WHERE created_at >= ? AND created_at <= ?').get(startDate, endDate)?.n ?? 0);
  }

  /** The creation time of the stored call at `rank` (0: the oldest) among those created in [startDate, endDate]. */
  createdAtByRank(startDate: number, endDate: number, rank: number): number | undefined {
    const row = this.statement('SELECT created_at FROM calls WHERE created_at >= ? AND created_at <= ? ORDER BY created_at LIMIT 1 OFFSET ?').get(startDate, endDate, rank);
    return row ? Number(row.created_at) : undefined;
  }

  /** Ids of the stored calls created in [startDate, endDate]. */
  idsCreatedBetween(startDate: number, endDate: number): string[] {
    return this.statement('SELECT id FROM calls WHERE created_at >= ? AND created_at <= ?')
      .all(startDate, endDate)
      .map((r) => String(r.id));
  }

  /** Removes calls the API no longer lists (deleted in the CRM), everywhere they are kept; returns how many were stored. */
  removeCallLogs(ids: readonly string[]): number {
    return this.transaction(() => {
      let removed = 0;
      for (const id of ids) {
        const row = this.statement('SELECT rowid FROM calls WHERE id = ?').get(id);
        if (!row) continue;
        const rowid = Number(row.rowid);
        this.statement('DELETE FROM calls WHERE rowid = ?').run(rowid);
        this.statement('DELETE FROM call_json WHERE rowid = ?').run(rowid);
        this.statement('DELETE FROM actions WHERE call_rowid = ?').run(rowid);
        this.statement('DELETE FROM calls_text WHERE rowid = ?').run(rowid);
        removed++;
      }
      if (removed > 0) this.setState('call_count', this.coverage().callCount - removed);
      return removed;
    });
  }

  putAgents(agents: readonly Agent[]): void {
    this.transaction(() => {
      this.statement('UPDATE agents SET deleted = 1').run();
      const upsert = this.statement(
        'INSERT INTO agents (id, name, position, deleted, raw) VALUES (?, ?, ?, 0, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position, deleted = 0, raw = excluded.raw',
      );
      agents.forEach((agent, i) => upsert.run(agent.id, agent.agentName, i, JSON.stringify(rawOf(agent) ?? agent)));
      this.setState('agents_synced_at', Date.now());
    });
  }

  /** Moves on with every clear(): a sync compares it before each page (see sync.ts). */
  get generation(): number {
    return this.clears;
  }

  clear(): void {
    this.clears++;
    this.transaction(() => {
      this.db.exec(`DELETE FROM calls; DELETE FROM call_json; DELETE FROM actions; DELETE FROM agents; DELETE FROM state WHERE key NOT IN ('account_base_url', 'account_location_id'); INSERT INTO calls_text (calls_text) VALUES ('delete-all');`);
    });
    // Rewrites the file without the deleted rows' pages: nothing of the calls stays on disk.
    this.db.exec('VACUUM');
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  // ---- Internals --------------------------------------------------------------------------------

  private putOne(callLog: CallLog, now: number): 'added' | 'updated' | 'same' {
    const json = JSON.stringify(rawOf(callLog) ?? callLog);
    const existing = this.statement('SELECT c.rowid, j.raw FROM calls c JOIN call_json j ON j.rowid = c.rowid WHERE c.id = ?').get(callLog.id);
    if (existing && jsonOf(existing.raw) === json) return 'same';
    const createdAt = Date.parse(callLog.createdAt);
    const outcome = callOutcome(callLog);
    const translation = callLog.translation;
    const columns: SqlValue[] = [
      callLog.agentId,
      callLog.contactId ?? null,
      createdAt,
      callLog.duration,
      callLog.trialCall ? 1 : 0,
      callLog.fromNumber ?? null,
      callLog.fromNumber ? callLog.fromNumber.replace(/\D/g, '') : null,
      callLog.messageId ?? null,
      actionMask(callLog.executedCallActions.map((a) => a.actionType)),
      callLog.executedCallActions.some((a) => !isKnownActionType(a.actionType)) ? 1 : 0,
      ...[outcome.withAction, outcome.transferred, outcome.booked, outcome.extraction, outcome.extractionWithValue].map((flag) => (flag ? 1 : 0)),
      isUnsettled(callLog) ? 1 : 0,
      now,
      Buffer.byteLength(json),
    ];
    const raw = deflateRawSync(json);
    let rowid: number;
    if (existing) {
      rowid = Number(existing.rowid);
      this.statement(
        `UPDATE calls SET agent_id = ?, contact_id = ?, created_at = ?, duration = ?, trial = ?, from_number = ?, from_digits = ?, message_id = ?,
         action_mask = ?, other_actions = ?, with_action = ?, transferred = ?, booked = ?, extraction = ?, extraction_value = ?, unsettled = ?, stored_at = ?, json_bytes = ? WHERE rowid = ?`,
      ).run(...columns, rowid);
      this.statement('UPDATE call_json SET raw = ? WHERE rowid = ?').run(raw, rowid);
      this.statement('DELETE FROM actions WHERE call_rowid = ?').run(rowid);
      this.statement('DELETE FROM calls_text WHERE rowid = ?').run(rowid);
    } else {
      const result = this.statement(
        `INSERT INTO calls (id, agent_id, contact_id, created_at, duration, trial, from_number, from_digits, message_id,
         action_mask, other_actions, with_action, transferred, booked, extraction, extraction_value, unsettled, stored_at, json_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(callLog.id, ...columns);
      rowid = Number(result.lastInsertRowid);
      this.statement('INSERT INTO call_json (rowid, raw) VALUES (?, ?)').run(rowid, raw);
    }
    const insertAction = this.statement('INSERT INTO actions (call_rowid, seq, type, latency, first_of_type, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const typesSeen = new Set<string>();
    callLog.executedCallActions.forEach((action, seq) => {
      const first = !typesSeen.has(action.actionType);
      typesSeen.add(action.actionType);
      insertAction.run(rowid, seq, action.actionType, actionLatencyMs(action) ?? null, first ? 1 : 0, createdAt);
    });
    const transcript = [callLog.transcript, translation?.translatedTranscript].filter((t) => t).join('\n');
    this.statement('INSERT INTO calls_text (rowid, summary, transcript) VALUES (?, ?, ?)').run(rowid, callLog.summary ?? '', transcript);
    return existing ? 'updated' : 'added';
  }

  private setCoverage(coverage: CoverageUpdate): void {
    if (coverage.from !== undefined) this.setState('cov_from', coverage.from);
    if (coverage.to !== undefined) this.setState('cov_to', coverage.to);
    if (coverage.complete !== undefined) this.setState('complete', coverage.complete ? 1 : 0);
    if (coverage.lastSyncedAt !== undefined) this.setState('last_synced_at', coverage.lastSyncedAt);
    if (coverage.reconciledAt !== undefined) this.setState('reconciled_at', coverage.reconciledAt);
    if (coverage.pending === null) {
      this.statement("DELETE FROM state WHERE key IN ('pending_start', 'pending_end', 'pending_reached')").run();
    } else if (coverage.pending !== undefined) {
      this.setState('pending_start', coverage.pending.start);
      this.setState('pending_end', coverage.pending.end);
      this.setState('pending_reached', coverage.pending.reached);
    }
  }

  private state(): Map<string, SqlValue> {
    return new Map(this.statement('SELECT key, value FROM state').all().map((r) => [String(r.key), r.value]));
  }

  private setState(key: string, value: SqlValue): void {
    this.statement('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Call logs from rows with a `raw` column, as the API sent them, with deleted agents marked. */
  private callLogsOf(rows: readonly SqlRow[]): CallLog[] {
    if (rows.length === 0) return [];
    const deleted = new Set(this.statement('SELECT id FROM agents WHERE deleted = 1').all().map((r) => String(r.id)));
    const out: CallLog[] = [];
    for (const row of rows) {
      const sent: unknown = JSON.parse(jsonOf(row.raw));
      const parsed = CallLogSchema.safeParse(sent);
      // Stored only after the client's schema read it, so this holds unless the schema changed.
      if (!parsed.success) continue;
      const callLog = parsed.data;
      rememberRaw(callLog, sent);
      if (deleted.has(callLog.agentId)) callLog.isAgentDeleted = true;
      out.push(callLog);
    }
    return out;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite (e.g. a full disk).
      }
      throw error;
    }
  }

  private statement(sql: string): SqliteStatement {
    if (this.closed) throw new Error('The call store is closed.');
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** A call log's JSON from its stored (deflated) form. */
function jsonOf(raw: SqlValue | undefined): string {
  return raw instanceof Uint8Array ? inflateRawSync(raw).toString('utf8') : String(raw);
}

/** A field the API fills in after the call has ended is still missing. */
export function isUnsettled(callLog: CallLog): boolean {
  if (!callLog.summary) return true;
  if (callLog.extractedData === undefined) return true;
  const translation = callLog.translation;
  return translation?.enabled === true && !translation.translatedTranscript;
}
