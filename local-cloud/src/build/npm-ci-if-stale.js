// Run by the Maven build (local-cloud/pom.xml, phase initialize) in the repository root: installs the Node
// tools pinned in package-lock.json with `npm ci`, unless node_modules already holds exactly that
// install (npm writes node_modules/.package-lock.json last, so newer than the lockfile = up to date).
// Its lines start with "npm: " so that ./ferry can show them while it summarises the rest of Maven's output.
'use strict';
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.resolve(process.argv[2] || '.');
const lock = path.join(root, 'package-lock.json');
const nodeModules = path.join(root, 'node_modules');
const installed = path.join(nodeModules, '.package-lock.json');

if (!fs.existsSync(lock)) {
  console.error(`npm: no package-lock.json in ${root}: cannot install kinesis-local. Restore it from git.`);
  process.exit(1);
}

/** Why node_modules needs `npm ci`, or null when it holds the locked install. */
function staleness() {
  if (!fs.existsSync(nodeModules)) return 'node_modules does not exist yet';
  if (!fs.existsSync(installed)) return 'node_modules holds no complete npm install';
  if (fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) return 'package-lock.json is newer than node_modules';
  return null;
}

const reason = staleness();
if (reason) {
  console.log(`npm: npm ci in ${root} (${reason})`);
  const started = Date.now();
  execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: root, stdio: 'inherit' });
  console.log(`npm: installed the Node tools in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
