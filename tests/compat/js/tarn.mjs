// Starts a real `tarn serve` on a free port with a temporary data directory for JS SDK tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const TARN_BIN = process.env.TARN_BIN || resolve(here, '../../../build/asan/tarn');

export async function startTarn() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tarn-js-'));
  const info = join(dataDir, 'server.json');
  const proc = spawn(TARN_BIN, ['serve', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 90000; // generous: a loaded 2-core host has stalled starts past 30 s
  while (!existsSync(info)) {
    if (proc.exitCode !== null) throw new Error(`tarn exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`tarn did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const { endpoint } = JSON.parse(readFileSync(info, 'utf8'));
  const env = {};
  for (const line of execFileSync(TARN_BIN, ['env', '--data', dataDir], { encoding: 'utf8' }).split('\n')) {
    const m = line.match(/^export ([A-Z_]+)=(?:'(.*)'|(\S*))$/);
    if (m) env[m[1]] = m[2] ?? m[3];
  }
  return {
    endpoint,
    env,
    dataDir,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    output: () => output,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
      return proc.exitCode;
    },
  };
}
