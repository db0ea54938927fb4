/**
 * A loopback stand-in of Clerk's Backend API (`@gatehouse/auth/testing`) for the calling test file,
 * started before its tests. Declare it before `useTestServer`, whose options can then be a function that
 * reads its `apiEnv`; hooks stop in reverse order, so the server goes first.
 *
 *   const backend = useBackendApiStandIn();
 *   const server = useTestServer(() => ({ env: { ...clerk.apiEnv, ...backend.apiEnv } }));
 */
import { type BackendApiStandIn, startBackendApiStandIn } from '@gatehouse/auth/testing';
import { openForAll } from '@gatehouse/db/testing';

export function useBackendApiStandIn(): BackendApiStandIn {
  const standIn = openForAll('The Backend API stand-in', startBackendApiStandIn, (started) =>
    started.close(),
  );
  return {
    get url() {
      return standIn().url;
    },
    get secretKey() {
      return standIn().secretKey;
    },
    get machineSecretKey() {
      return standIn().machineSecretKey;
    },
    get store() {
      return standIn().store;
    },
    get calls() {
      return standIn().calls;
    },
    get apiEnv() {
      return standIn().apiEnv;
    },
    behave: (behaviour) => standIn().behave(behaviour),
    machineConfig: (overrides) => standIn().machineConfig(overrides),
    close: () => standIn().close(),
  };
}
