// The local store as a source of export pages (the export engine's CallLogPager): no request.
// The export pins its window at its start; the store knows every call up to its last sync, so
// the window ends there.
import type { CallLogPager } from '../../api/exportPaging';
import type { CallLogsPage } from '../../api/client';
import type { CallStore } from './types';

export function storePager(store: CallStore): CallLogPager {
  const { to } = store.coverage();
  return {
    fetchCallLogsPage: async (filter, page) => {
      const pageSize = filter.pageSize ?? 50;
      const endDate = to !== undefined && filter.endDate !== undefined && filter.endDate > to ? to : filter.endDate;
      const empty = filter.startDate !== undefined && endDate !== undefined && filter.startDate > endDate;
      const result = empty ? { total: 0, callLogs: [] } : store.page({ ...filter, endDate }, page, pageSize);
      const answer: CallLogsPage = { total: result.total, page, pageSize, callLogs: result.callLogs };
      return { read: () => answer };
    },
  };
}
