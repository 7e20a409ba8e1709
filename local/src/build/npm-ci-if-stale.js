// Run by the Maven build (local/pom.xml, phase initialize) in the repository root: installs the Node
// tools pinned in package-lock.json with `npm ci`, unless node_modules already holds exactly that
// install (npm writes node_modules/.package-lock.json last, so newer than the lockfile = up to date).
'use strict';
const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.resolve(process.argv[2] || '.');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

if (!fs.existsSync(lock)) {
  console.error(`No package-lock.json in ${root}: cannot install kinesis-local. Restore it from git.`);
  process.exit(1);
}
const upToDate = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
if (!upToDate) {
  console.log(`npm ci in ${root} (package-lock.json is newer than node_modules)`);
  execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: root, stdio: 'inherit' });
}
