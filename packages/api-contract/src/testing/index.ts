// Test support for any package (`@gatehouse/api-contract/testing`); never imported by app code.
export {
  type AppCaller,
  type Caller,
  type CallOptions,
  createTestHarness,
  type TestHarness,
  type TestHarnessOptions,
} from './harness';
export {
  authFor,
  type CustomIdentity,
  type MachineIdentity,
  type PersonaIdentity,
  type PersonaName,
  type SignedOutIdentity,
  type TestIdentity,
} from './identity';
export type { ProcedureInputAt, ProcedurePath, SampleInputs } from './paths';
export { useTestHarness } from './use-harness';
