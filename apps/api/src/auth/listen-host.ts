import { type AuthEnv, authModeOf } from './env';

type ListenEnv = AuthEnv & { HOST?: string | undefined; PORT: number };

/**
 * Where the API listens: HOST when set; otherwise every interface in Clerk mode (a container's port
 * must be reachable), and loopback only in local mode, whose /dev/auth signs up anyone and mints
 * tokens for anyone: a deploy that forgot its Clerk keys must not serve that to the network.
 */
export function listenHostOf(env: ListenEnv): string {
  return env.HOST ?? (authModeOf(env) === 'local' ? '127.0.0.1' : '0.0.0.0');
}

/** The one start-up line of local mode: what it is, and who can reach it. */
export function localModeNotice(env: ListenEnv): string | null {
  if (authModeOf(env) !== 'local') return null;
  const reach = env.HOST
    ? `listening on ${env.HOST} because HOST is set, so anyone who can reach port ${env.PORT} can`
    : 'listening on loopback only (set HOST to change that), so only this machine can';
  return `Local auth mode: no Clerk; the built-in issuer signs tokens for any local user at /dev/auth, ${reach} sign up and act as anyone. Set the Clerk keys for anything shared.`;
}
