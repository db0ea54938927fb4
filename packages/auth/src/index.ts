// Shared entry of @gatehouse/auth: the auth object's types, safe for both server and browser.

export { findPersona, PERSONAS, type Persona, type PersonaId, type PersonaMembership } from './personas';
export { signedOutAuth } from './signed-out';
export type * from './types';
