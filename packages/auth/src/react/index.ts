// Browser entry of @gatehouse/auth: the tRPC auth link and the local Clerk-compatible instance.
export type { AuthObject } from '../types';
