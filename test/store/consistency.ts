// Random filters answered by the store and by the local API server: the same total, the same ids
// in the same order. Used by consistency.test.ts and by the bench (storeConsistency). Date ranges
// are made the way the Filter Calls command makes them (src/services/zones.ts): civil days in an
// IANA zone, DST days included, and the presets.
import type { CallLogFilter } from '../../src/api/callLogQuery';
import type { SqliteCallStore } from '../../src/services/store/callStore';
import { civilDateAt, civilRangeToMs, DATE_PRESETS, presetToMs, addDays, type CivilDate } from '../../src/services/zones';
import { ACTION_TYPES, type ApiServer } from '../api-server/server';
import { Rng } from '../api-server/random';
import { serverPage } from './helpers';

const ZONES = ['UTC', 'America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham'];
/** Days around the data's DST changes (2026): Chicago Nov 1, Berlin Oct 25, Santiago Sep 6 (midnight skipped), Lord Howe Oct 4 (half an hour). */
const DST_DAYS: readonly [string, CivilDate][] = [
  ['America/Chicago', { year: 2026, month: 11, day: 1 }],
  ['Europe/Berlin', { year: 2026, month: 10, day: 25 }],
  ['America/Santiago', { year: 2026, month: 9, day: 6 }],
  ['Australia/Lord_Howe', { year: 2026, month: 10, day: 4 }],
];

export interface Mismatch {
  readonly filter: CallLogFilter;
  readonly page: number;
  readonly pageSize: number;
  readonly problem: string;
}

export interface ConsistencyResult {
  readonly seed: number;
  readonly checked: number;
  readonly equal: number;
  readonly mismatches: readonly Mismatch[];
}

/** One random filter over the server's data (`now`: the data's end). */
export function randomFilter(rng: Rng, server: ApiServer, now: number): CallLogFilter {
  const filter: CallLogFilter = {};
  const agents = server.data.allAgents;
  if (rng.chance(0.35)) filter.agentId = rng.chance(0.05) ? 'noSuchAgent' : agents[rng.int(agents.length)].id;
  if (rng.chance(0.15)) {
    const contacts = server.sample.contacts;
    const n = rng.range(1, 3);
    // Skewed to the busy contacts (the data's callers call often), sometimes one that never called.
    filter.contactIds = Array.from({ length: n }, () => (rng.chance(0.1) ? 'neverCalled1' : contacts[Math.floor(rng.next() ** 2 * Math.min(contacts.length, 200))].id));
  }
  if (rng.chance(0.3)) filter.callType = rng.chance(0.5) ? 'LIVE' : 'TRIAL';
  if (rng.chance(0.3)) filter.actionTypes = Array.from({ length: rng.range(1, 3) }, () => ACTION_TYPES[rng.int(ACTION_TYPES.length)]);
  const dates = rng.next();
  if (dates < 0.2) {
    const [zone, day] = DST_DAYS[rng.int(DST_DAYS.length)];
    Object.assign(filter, civilRangeToMs(zone, day, addDays(day, rng.int(3))));
  } else if (dates < 0.35) {
    const zone = ZONES[rng.int(ZONES.length)];
    Object.assign(filter, presetToMs(DATE_PRESETS[rng.int(DATE_PRESETS.length)], zone, now - rng.int(60) * 86_400_000));
  } else if (dates < 0.45) {
    // Bounds on calls' own milliseconds (both ends inclusive), often on a burst of calls at one instant.
    const times = server.sample.index.createdAt;
    const a = times[rng.int(times.length)];
    const b = rng.chance(0.3) ? a + 1 : times[rng.int(times.length)];
    filter.startDate = Math.min(a, b);
    filter.endDate = Math.max(a, b) === Math.min(a, b) ? Math.min(a, b) + 1 : Math.max(a, b);
  } else if (dates < 0.6) {
    const zone = ZONES[rng.int(ZONES.length)];
    const from = addDays(civilDateAt(zone, now), -rng.int(95));
    Object.assign(filter, civilRangeToMs(zone, from, addDays(from, rng.int(20))));
  }
  if (rng.chance(0.5)) {
    filter.sortBy = rng.chance(0.5) ? 'duration' : 'createdAt';
    filter.sort = rng.chance(0.5) ? 'ascend' : 'descend';
  }
  return filter;
}

/** `count` random filters, each with a random page (sometimes past the end) and page size, against both. */
export async function checkConsistency(store: SqliteCallStore, server: ApiServer, seed: number, count = 200, now = server.sample.now): Promise<ConsistencyResult> {
  const rng = new Rng(seed);
  const mismatches: Mismatch[] = [];
  let equal = 0;
  for (let i = 0; i < count; i++) {
    const filter = randomFilter(rng, server, now);
    const pageSize = rng.chance(0.5) ? 50 : rng.range(1, 50);
    const local = store.page(filter, 1, pageSize);
    const pages = Math.max(1, Math.ceil(local.total / pageSize));
    const page = rng.chance(0.5) ? 1 : rng.range(1, pages + 1);
    const expected = await serverPage(server, filter, page, pageSize);
    const answer = page === 1 ? local : store.page(filter, page, pageSize);
    const ids = answer.callLogs.map((c) => c.id);
    const expectedIds = expected.callLogs.map((c) => c.id);
    let problem: string | undefined;
    if (answer.total !== expected.total) problem = `total ${answer.total}, server ${expected.total}`;
    else if (ids.join() !== expectedIds.join()) problem = `ids ${JSON.stringify(ids.slice(0, 5))}…, server ${JSON.stringify(expectedIds.slice(0, 5))}…`;
    if (problem) mismatches.push({ filter, page, pageSize, problem });
    else equal++;
  }
  return { seed, checked: count, equal, mismatches };
}
