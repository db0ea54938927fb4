import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src';
import { initializeDataDirOutOfProcess } from '../src/pglite-memory';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-pglite-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('embedded database memory settings', () => {
  it('creates a new directory out of process, then opens it with the smaller buffers', async () => {
    const dataDir = join(root, 'pglite');
    const handle = await openDatabase({ driver: 'pglite', dataDir });
    try {
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      const { rows } = (await handle.privileged.execute(
        sql`select current_setting('shared_buffers') as shared, current_setting('temp_buffers') as temp`,
      )) as unknown as { rows: Array<{ shared: string; temp: string }> };
      expect(rows).toEqual([{ shared: '16MB', temp: '2MB' }]);
    } finally {
      await handle.close();
    }
    // Its data survives: a second open resumes the directory instead of creating it again.
    const again = await openDatabase({ driver: 'pglite', dataDir });
    await again.close();
  });

  it('names the directory when the child cannot create it', async () => {
    const notADirectory = join(root, 'a-file');
    writeFileSync(notADirectory, 'not a database');
    await expect(initializeDataDirOutOfProcess(notADirectory, [])).rejects.toThrow(
      /Could not create the embedded database at .*a-file/,
    );
  });
});
