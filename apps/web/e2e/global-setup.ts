import type { TestProject } from 'vitest/node';
import { startShippedStack } from './support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    spaUrl: string;
  }
}

/** Starts the built API and the SPA built for it once for all e2e files; tears both down after. */
export default async function setup(project: TestProject) {
  const stack = await startShippedStack('e2e');
  project.provide('apiUrl', stack.api.url);
  project.provide('spaUrl', stack.spaUrl);
  return () => stack.close();
}
