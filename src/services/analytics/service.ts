// Where a report's calls come from: the local store when it covers the range (SQL aggregates,
// no request), else the API's pages (the export's paging, under the rate limit). The dashboard,
// the CSV export and the assistant's call-stats tool ask here.
import { callLogPages, type ExportProgress, type PagingSummary } from '../../api/exportPaging';
import { minimumExportSeconds } from '../../api/export';
import type { AnalyticsQuery, AnalyticsReport } from '../../shared/analytics';
import type { CallLogFilter } from '../../api/callLogQuery';
import type { AgentDirectory, ConnectionService } from '../index';
import type { CallStore } from '../store/types';
import { reportFromStore } from './storeReport';
import { calendarOf, type Calendar } from './calendar';
import { agentInfoFrom, reportFilter, reportFromCallLogs } from './index';

export interface ReportOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Default Date.now(): presets end today in the query's zone. */
  readonly now?: number;
}

export interface ReportOutcome {
  readonly report: AnalyticsReport;
  readonly calendar: Calendar;
  /** False when the store does not hold the range (the figures came from the API). */
  readonly covered: boolean;
  /** The least time (s) a sync of the range's calls takes under the API's rate limit. */
  readonly minimumSyncSeconds?: number;
}

/** The local store as the report needs it (LocalStore in VS Code): the store when it answers the filter. */
export interface ReportStore {
  covering(filter: CallLogFilter, purpose: 'view' | 'export'): CallStore | undefined;
}

export class AnalyticsService {
  constructor(
    private readonly connection: Pick<ConnectionService, 'getClient'>,
    private readonly agents: Pick<AgentDirectory, 'list'>,
    private readonly store?: ReportStore,
  ) {}

  async report(query: AnalyticsQuery, options: ReportOptions = {}): Promise<ReportOutcome> {
    const now = options.now ?? Date.now();
    const calendar = calendarOf(query, now);
    // The store answers as of its last sync (the watch keeps it current): no request at all.
    const stored = this.store?.covering(reportFilter(calendar), 'view');
    if (stored) return { report: reportFromStore(stored, calendar), calendar, covered: true };
    const client = await this.connection.getClient();
    const agents = await this.agents.list(options.signal).catch(() => undefined);
    const summary: PagingSummary = { count: 0, firstServerTotal: undefined, lastServerTotal: undefined, totalChangedBetweenPages: false, duplicatesSkipped: 0 };
    const pages = callLogPages({ pager: client, filter: reportFilter(calendar), signal: options.signal, onProgress: options.onProgress }, summary);
    const report = await reportFromCallLogs(calendar, now, pages, agentInfoFrom(agents));
    return { report, calendar, covered: false, minimumSyncSeconds: minimumExportSeconds(summary.count, client.rateLimits()) };
  }
}
