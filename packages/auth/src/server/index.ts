// Server entry of @gatehouse/auth: token extraction, verification, claims → auth object, local issuer.
export type { AuthFailureReason, AuthObject, OrgAuth, SignedInAuth, SignedOutAuth } from '../types';
