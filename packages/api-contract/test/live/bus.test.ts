import { describe, expect, it } from 'vitest';
import { type BusSignal, createLocalEventBus } from '../../src/events/bus';

const notice = (orgId: string, seq: number) => ({ orgId, seq });

describe('the in-process event bus', () => {
  it("delivers an org's notices to that org's listeners only, in publish order", () => {
    const bus = createLocalEventBus();
    const acme: BusSignal[] = [];
    const globex: BusSignal[] = [];
    bus.subscribe('org_acme', (signal) => acme.push(signal));
    bus.subscribe('org_globex', (signal) => globex.push(signal));
    bus.publish(notice('org_acme', 1));
    bus.publish(notice('org_globex', 1));
    bus.publish(notice('org_acme', 2));
    expect(acme).toEqual([
      { kind: 'change', notice: notice('org_acme', 1) },
      { kind: 'change', notice: notice('org_acme', 2) },
    ]);
    expect(globex).toEqual([{ kind: 'change', notice: notice('org_globex', 1) }]);
  });

  it('stops delivering after unsubscribe, and forgets an org nobody listens to', () => {
    const bus = createLocalEventBus();
    const seen: BusSignal[] = [];
    const first = bus.subscribe('org_acme', (signal) => seen.push(signal));
    const second = bus.subscribe('org_acme', () => {});
    first.unsubscribe();
    bus.publish(notice('org_acme', 1));
    expect(seen).toEqual([]);
    expect(bus.listenedOrgs()).toEqual(['org_acme']);
    second.unsubscribe();
    expect(bus.listenedOrgs()).toEqual([]);
  });

  it('keeps delivering to the others when one listener throws', () => {
    const bus = createLocalEventBus();
    const seen: BusSignal[] = [];
    bus.subscribe('org_acme', () => {
      throw new Error('broken listener');
    });
    bus.subscribe('org_acme', (signal) => seen.push(signal));
    expect(() => bus.publish(notice('org_acme', 1))).not.toThrow();
    expect(seen).toHaveLength(1);
  });

  it('broadcasts a catch-up to every org, and closing to every listener, then to late subscribers', async () => {
    const bus = createLocalEventBus();
    const seen: Array<[string, BusSignal]> = [];
    bus.subscribe('org_acme', (signal) => seen.push(['acme', signal]));
    bus.subscribe('org_globex', (signal) => seen.push(['globex', signal]));
    bus.broadcast({ kind: 'catch-up' });
    await bus.close();
    bus.subscribe('org_acme', (signal) => seen.push(['late', signal]));
    expect(seen).toEqual([
      ['acme', { kind: 'catch-up' }],
      ['globex', { kind: 'catch-up' }],
      ['acme', { kind: 'closing' }],
      ['globex', { kind: 'closing' }],
      ['late', { kind: 'closing' }],
    ]);
    expect(bus.listenedOrgs()).toEqual([]);
  });
});
