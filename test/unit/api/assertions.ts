// Assertions shared by the client's tests against the scripted fixture and the local API server.
import assert from 'node:assert/strict';
import { ApiError, type ApiErrorKind } from '../../../src/api/errors';

/**
 * Asserts that `promise` rejects with an ApiError of `kind`, whose message never holds `token`
 * (when given); runs `check` on it and returns it.
 */
export async function rejectsWith(
  promise: Promise<unknown>,
  kind: ApiErrorKind,
  { token, check }: { token?: string; check?: (e: ApiError) => void } = {},
): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (token) assert.ok(!error.message.includes(token), 'token in message');
    check?.(error);
    return error;
  }
  assert.fail(`expected ApiError ${kind}`);
}

/** The ids an async iterable yields, in order. */
export async function collect(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of iterable) ids.push(item.id);
  return ids;
}
