// STUB (owned by the API client work): the filter the list endpoint takes.
export interface CallLogFilter {
  agentId?: string;
  contactIds?: readonly string[];
  callType?: 'LIVE' | 'TRIAL';
  /** Unix ms, both or neither. */
  startDate?: number;
  endDate?: number;
  actionTypes?: readonly string[];
  sortBy?: 'duration' | 'createdAt';
  sort?: 'ascend' | 'descend';
  pageSize?: number;
}
