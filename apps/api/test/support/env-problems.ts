import { loadEnv } from '../../src/env';

/** What start-up would say of these variables: the error's message, or '' when they load. */
export function envProblemsOf(vars: Record<string, string>): string {
  try {
    loadEnv(vars);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
