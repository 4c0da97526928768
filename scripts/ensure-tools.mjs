#!/usr/bin/env node
// Makes sure the Debian tools the tests drive are installed: promtool and
// amtool check what we generate, chromium runs the UI's browser tests. As root it installs them with apt-get;
// otherwise it fails naming the packages, so no test is silently skipped.
import { spawnSync } from 'node:child_process';

const TOOLS = [
  { bin: 'promtool', pkg: 'prometheus' },
  { bin: 'prometheus', pkg: 'prometheus' },
  { bin: 'amtool', pkg: 'prometheus-alertmanager' },
  { bin: 'prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  { bin: 'chromium', pkg: 'chromium' },
  // Without a font the screenshots show boxes for text.
  { bin: 'Liberation fonts', pkg: 'fonts-liberation', check: 'test -d /usr/share/fonts/truetype/liberation' },
];

const has = (t) =>
  spawnSync('sh', ['-c', t.check ?? `command -v ${t.bin}`], { stdio: 'ignore' }).status === 0;
const missing = TOOLS.filter((t) => !has(t));
if (missing.length === 0) process.exit(0);

const pkgs = [...new Set(missing.map((t) => t.pkg))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `missing test tools: ${missing.map((t) => t.bin).join(', ')}.\n` +
      `Install them with: sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`,
  );
  process.exit(1);
}
console.error(`installing ${pkgs.join(' ')} with apt-get (needed by the tests)...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', '--no-install-recommends', ...pkgs],
]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`apt-get ${args[0]} failed; install by hand: apt-get install -y ${pkgs.join(' ')}`);
    process.exit(1);
  }
}
const still = TOOLS.filter((t) => !has(t));
if (still.length > 0) {
  console.error(`still missing after install: ${still.map((t) => t.bin).join(', ')}`);
  process.exit(1);
}
