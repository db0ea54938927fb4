import { type BatchFigures, measureBatches } from './batch';
import { percentile, runLoad, type Sample } from './load';
import type { ServerProcess } from './processes';
import { measureStreams, type StreamFigures } from './streams';
import type { SeededList } from './task-list';
import { BIG_ORG_ID, sessionToken } from './tokens';

/**
 * The growth scenarios over HTTP, after the main table: batches of 1/10/20, `tasks.list` for an org
 * with a few tasks and one with 10,000 (on each database the bench started an API on), and 1,000
 * live streams. The in-process token flood is measured after the servers stop (token-cache.ts).
 */
export interface ListFigures {
  driver: string;
  orgTasks: number;
  p50Ms: number;
  p99Ms: number;
  reqPerSec: number;
}

export interface GrowthFigures {
  batches: BatchFigures[];
  lists: ListFigures[];
  plans: SeededList[];
  streams: StreamFigures;
}

export interface GrowthPlan {
  connections: number;
  durationS: number;
  rounds: number;
  missRequests: number;
  streams: number;
}

const PAGE = 10;

/** Interleaved rounds, so the two orgs on one database meet the same outside load. */
async function measureLists(
  api: ServerProcess,
  driver: string,
  smallOrgTasks: number,
  bigOrgTasks: number,
  plan: GrowthPlan,
) {
  const orgs = [
    { orgTasks: smallOrgTasks, token: sessionToken('sess_list_small') },
    { orgTasks: bigOrgTasks, token: sessionToken('sess_list_big', BIG_ORG_ID) },
  ];
  const samples = orgs.map(() => [] as Sample[]);
  // Pages of 10 for both orgs, so the two differ only in how many rows the org has, not in how many
  // rows are serialized and sent back.
  const input = encodeURIComponent(JSON.stringify({ json: { limit: PAGE } }));
  const target = (token: string) => ({
    url: `${api.url}/trpc/tasks.list?input=${input}`,
    headers: { authorization: `Bearer ${token}` },
  });
  // Few connections: this is the query's latency, not the server's throughput.
  const options = { connections: 4, durationS: plan.durationS };
  for (const org of orgs) await runLoad(target(org.token), options);
  for (let round = 0; round < plan.rounds; round += 1) {
    for (const index of round % 2 === 0 ? [0, 1] : [1, 0])
      samples[index]!.push(await runLoad(target(orgs[index]!.token), options));
  }
  return orgs.map((org, index): ListFigures => {
    const all = samples[index]!;
    const latencies = all.flatMap((sample) => sample.latencies);
    const requests = all.reduce((sum, sample) => sum + sample.requests, 0);
    const seconds = all.reduce((sum, sample) => sum + sample.elapsedS, 0);
    return {
      driver,
      orgTasks: org.orgTasks,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      reqPerSec: requests / seconds,
    };
  });
}

export async function measureGrowth(
  apis: Array<{ api: ServerProcess; driver: string; smallOrgTasks: number }>,
  plans: SeededList[],
  tokens: { user: string; nextMiss: () => string },
  plan: GrowthPlan,
  log: (line: string) => void,
  /** An API of its own for the streams, started with `inspect`: its memory is read after collections. */
  startStreamsApi: () => Promise<ServerProcess>,
): Promise<GrowthFigures> {
  const main = apis[0]!.api;
  log('growth: tRPC batches of 1, 10, 20 calls');
  const batches = await measureBatches(main, {
    token: tokens.user,
    nextToken: tokens.nextMiss,
    sizes: [1, 10, 20],
    durationS: plan.durationS * 2,
    missRequests: Math.ceil(plan.missRequests / 10),
    connections: plan.connections,
  });
  const lists: ListFigures[] = [];
  for (const { api, driver, smallOrgTasks } of apis) {
    log(
      `growth: tasks.list on ${driver}, ${smallOrgTasks} vs ${plans.find((p) => p.driver === driver)?.tasks} tasks`,
    );
    const bigOrgTasks = plans.find((seeded) => seeded.driver === driver)?.tasks ?? 0;
    lists.push(...(await measureLists(api, driver, smallOrgTasks, bigOrgTasks, plan)));
  }
  log(`growth: ${plan.streams} live tasks.onChange streams on an API of their own`);
  const streamsApi = await startStreamsApi();
  try {
    const streams = await measureStreams(streamsApi, tokens.user, {
      count: plan.streams,
      idleSeconds: 5,
      changes: 5,
    });
    return { batches, lists, plans, streams };
  } finally {
    await streamsApi.stop();
  }
}
