import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFigures {
  /** Sum over the SPA's own chunks (`apps/web/dist/assets/*.js`; Clerk's hosted scripts are not in it). */
  gzipBytes: number;
  rawBytes: number;
  files: Array<{ file: string; rawBytes: number; gzipBytes: number }>;
}

/** gzip level 9 of each emitted chunk (source maps excluded), as a CDN would serve them. */
export function measureBundle(assetsDir: string): BundleFigures {
  const files = readdirSync(assetsDir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const content = readFileSync(join(assetsDir, file));
      return { file, rawBytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  if (files.length === 0) throw new Error(`no .js files in ${assetsDir}: build the SPA first`);
  return {
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    rawBytes: files.reduce((sum, file) => sum + file.rawBytes, 0),
    files,
  };
}
