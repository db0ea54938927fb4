import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * An append-only JSON-lines file under the data folder, shared by API processes: each line is appended
 * in one write, so processes never lose each other's lines, and each re-reads the file when it grew.
 * Without a path (tests) the lines stay in memory. `version` changes whenever the lines did, so a
 * reader can rebuild what it derives from them only then.
 */
export class JsonLinesFile<Line> {
  readonly #path: string | null;
  #lines: Line[] = [];
  #bytesRead = -1;
  #version = 0;

  constructor(path: string | null) {
    this.#path = path;
  }

  get version(): number {
    return this.#version;
  }

  /** Every line, after reading what other processes appended since the last look. */
  async read(): Promise<readonly Line[]> {
    if (!this.#path) return this.#lines;
    const size = await stat(this.#path).then(
      (info) => info.size,
      () => 0,
    );
    if (size === this.#bytesRead) return this.#lines;
    const text = await readFile(this.#path, 'utf8').catch(() => '');
    this.#lines = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Line);
    this.#bytesRead = Buffer.byteLength(text);
    this.#version++;
    return this.#lines;
  }

  async append(line: Line): Promise<void> {
    if (this.#path) {
      await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
      await appendFile(this.#path, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      await this.read();
    } else {
      this.#lines.push(line);
      this.#version++;
    }
  }
}
