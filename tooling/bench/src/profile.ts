/**
 * `pnpm --filter @gatehouse/bench bench:profile` (build the API first): the built API under `node --cpu-prof`,
 * in the bench's configuration (Clerk mode, info log to a file, limiters running), serving `health` and
 * then `me` for a few seconds each; prints self time by module. The raw profiles stay in
 * tooling/bench/results/profiles/ (open them in Chrome DevTools).
 * Options: --seconds 8 --connections 16.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type LoadTarget, runLoad } from './load';
import { startApi } from './processes';
import { formatProfile, summarizeProfile } from './profile-summary';
import { benchApiEnv } from './run-config';
import { sessionToken } from './tokens';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '16' } },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const profileDir = resolve(import.meta.dirname, '../results/profiles');
mkdirSync(profileDir, { recursive: true });

for (const procedure of ['health', 'me'] as const) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-profile-'));
  const dir = join(profileDir, `${procedure}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const spawnedAt = Date.now();
  const api = await startApi(benchApiEnv(dataDir), {
    logFile: join(dataDir, 'api.log'),
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  let steadyFromMs = 0;
  let requests = 0;
  try {
    const target: LoadTarget = {
      url: `${api.url}/trpc/${procedure}`,
      headers: procedure === 'me' ? { authorization: `Bearer ${sessionToken('sess_profile')}` } : {},
    };
    await runLoad(target, { connections, durationS: 2 }); // warm-up: JIT, caches
    steadyFromMs = Date.now() - spawnedAt;
    requests = (await runLoad(target, { connections, durationS: seconds })).requests;
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  console.log(
    formatProfile(
      `\`${procedure}\` on the built API`,
      summarizeProfile(join(dir, file), steadyFromMs),
      requests,
    ),
  );
}
