// A store whose file turns out damaged after it was opened (open() reads only the header: a full
// check costs a second per 30,000 calls) must not fail the same way on every click. Every call into
// the guarded store that meets SQLite's "corrupt" or "not a database" reports it once, so that its
// owner reopens the file with `rebuild` (the store is a cache of the API: the next sync refills it),
// and fails with a message that says so instead of SQLite's words.
import * as l10n from '@vscode/l10n';
import { isCorruptionError } from './sqlite';
import type { CallStore } from './types';

export class StoreDamagedError extends Error {
  constructor(cause: unknown) {
    super(l10n.t('The local call store was damaged and is being rebuilt from the API. Try again in a moment.'), { cause });
    this.name = 'StoreDamagedError';
  }
}

export function guardAgainstCorruption(store: CallStore, onDamaged: (error: unknown) => void): CallStore {
  let reported = false;
  const damaged = (error: unknown): never => {
    if (!isCorruptionError(error)) throw error;
    if (!reported) {
      reported = true;
      onDamaged(error);
    }
    throw new StoreDamagedError(error);
  };
  const guardIterable = <T>(iterable: Iterable<T>): Iterable<T> => ({
    [Symbol.iterator]() {
      const iterator = iterable[Symbol.iterator]();
      return {
        next: () => {
          try {
            return iterator.next();
          } catch (error) {
            return damaged(error);
          }
        },
        return: (value?: unknown) => iterator.return?.(value) ?? { done: true, value: undefined },
      };
    },
  });
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return property === 'iterate' ? guardIterable(result as Iterable<unknown>) : result;
        } catch (error) {
          return damaged(error);
        }
      };
    },
  });
}
