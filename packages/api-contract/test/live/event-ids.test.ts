import { describe, expect, it } from 'vitest';
import { eventIdOf, lastEventIdInput, seqFromEventId } from '../../src/events/task-stream';

describe('event ids', () => {
  it('round-trip for their own org only', () => {
    expect(eventIdOf('org_acme', 42)).toBe('org_acme:42');
    expect(seqFromEventId('org_acme:42', 'org_acme')).toBe(42);
    expect(seqFromEventId('org_globex:42', 'org_acme')).toBeNull();
    expect(seqFromEventId(null, 'org_acme')).toBeNull();
    expect(seqFromEventId('org_acme:-1', 'org_acme')).toBeNull();
  });

  it('never put a line break or a second colon on the SSE id line, whatever the org id', () => {
    const odd = 'org:with\nnewline';
    const id = eventIdOf(odd, 3);
    expect(id).not.toMatch(/[\r\n]/);
    expect(id.split(':')).toHaveLength(2);
    expect(seqFromEventId(id, odd)).toBe(3);
    expect(lastEventIdInput.parse({ lastEventId: id })).toEqual({ lastEventId: id });
  });

  it('are validated as input: a malformed one is a 400, not a silent resync', () => {
    for (const lastEventId of [
      '42',
      'org_acme',
      'org_acme:',
      'org acme:1',
      'org_acme:1x',
      `${'o'.repeat(300)}:1`,
    ]) {
      expect(lastEventIdInput.safeParse({ lastEventId }).success).toBe(false);
    }
    expect(lastEventIdInput.parse(undefined)).toBeUndefined();
  });
});
