// @ts-check
/**
 * The browser e2e drives Debian's Chromium through playwright-core (no browser is ever downloaded). This
 * finds it before the suite starts, so a machine without it learns so in seconds, not after the unit
 * tests: `CHROMIUM_PATH` if set, else /usr/bin/chromium; when that is missing and we are root with apt,
 * Debian's `chromium` is installed; otherwise one line says how to install it.
 * Run alone: `node tooling/scripts/ensure-chromium.mjs` (exit 1 when Chromium cannot be had).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get install -y chromium';

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function aptInstall() {
  console.log(`Chromium is missing at ${DEFAULT_CHROMIUM}: installing Debian's chromium (${INSTALL})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) =>
    spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
  return apt('update', '-qq') && apt('install', '-y', '-qq', 'chromium');
}

/** @returns {{ ok: true, path: string } | { ok: false, message: string }} */
export function ensureChromium(env = process.env) {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (isExecutableFile(chosen)) return { ok: true, path: chosen };
    return {
      ok: false,
      message: `CHROMIUM_PATH=${chosen} is not an executable file: point it at a Chromium binary, or unset it and install Debian's chromium (sudo ${INSTALL}).`,
    };
  }
  if (isExecutableFile(DEFAULT_CHROMIUM)) return { ok: true, path: DEFAULT_CHROMIUM };
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall && aptInstall() && isExecutableFile(DEFAULT_CHROMIUM)) {
    return { ok: true, path: DEFAULT_CHROMIUM };
  }
  return {
    ok: false,
    message: `Chromium not found at ${DEFAULT_CHROMIUM} (the browser e2e needs it): install it with \`sudo ${INSTALL}\`, or set CHROMIUM_PATH to a Chromium binary.`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = ensureChromium();
  if (!found.ok) {
    console.error(found.message);
    process.exit(1);
  }
}
