import type { PGlite } from '@electric-sql/pglite';
import { markUnavailable } from './availability';

/**
 * A closed (or closing) embedded database is an outage like a stopped server: its errors are marked
 * for ./availability by state, not by their text. Methods are bound to the real instance, whose
 * private fields a proxy could not reach.
 */
export function guardPglite(client: PGlite, isClosing: () => boolean): PGlite {
  const unavailable = () => isClosing() || client.closed;
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const rethrow = (error: unknown): never => {
        throw unavailable() ? markUnavailable(error) : error;
      };
      return (...args: unknown[]) => {
        try {
          const result = (value as (...args: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise ? result.catch(rethrow) : result;
        } catch (error) {
          return rethrow(error);
        }
      };
    },
  });
}
