// Runs kinesis-mock (main.js in the working directory) for Ferry's KinesisService, passed to
// `node -e`. Three jobs kinesis-mock cannot do itself:
//
// 1. Loopback only. kinesis-mock has no host setting and listens on every interface; a local
//    emulator must not be reachable from the network. Every server it opens (plain and TLS) goes
//    through net.Server#listen, so a port-only listen is pinned to FERRY_LISTEN_HOST (127.0.0.1).
// 2. No orphans. The JVM that started us holds our stdin open. When that JVM ends in any way,
//    SIGKILL included, the kernel closes the pipe, stdin ends, and we kill ourselves at once
//    (SIGKILL, because kinesis-mock takes ~30 s to honour SIGTERM).
// 3. Fast starts. Compiling the 8.8 MB main.js is most of its start-up time, so the V8 code cache
//    is kept in FERRY_CODE_CACHE_DIR (when set), keyed by the content of main.js and the Node
//    version. Any trouble with the cache falls back to a plain compile.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const vm = require('vm');
const Module = require('module');

const host = process.env.FERRY_LISTEN_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;
let whenListening = () => {};
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, host);
  } else if (args[0] !== null && typeof args[0] === 'object' && !args[0].host && !args[0].path) {
    args[0] = Object.assign({}, args[0], { host: host });
  }
  this.once('listening', () => whenListening());
  return listen.apply(this, args);
};

const die = () => process.kill(process.pid, 'SIGKILL');
process.stdin.on('end', die);
process.stdin.on('close', die);
process.stdin.on('error', die);
process.stdin.resume();

const file = path.resolve('main.js');
const dir = path.dirname(file);
// A shebang is fine for `node main.js` but not inside the CommonJS function wrapper.
const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
const cacheDir = process.env.FERRY_CODE_CACHE_DIR;
let cacheFile;
let cachedData;
if (cacheDir) {
  const key = crypto.createHash('sha256').update(source).update(process.version).update(process.arch).digest('hex');
  cacheFile = path.join(cacheDir, 'kinesis-mock-' + key.slice(0, 32) + '.v8cache');
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch (absent) {
    cachedData = undefined;
  }
}

const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cachedData });
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  // Written once the servers listen (and a little after, so start-up code is compiled too); a
  // temporary file and a rename keep concurrent instances from reading half a cache.
  let scheduled = false;
  whenListening = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        const temporary = cacheFile + '.' + process.pid + '.tmp';
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
      } catch (unwritable) {
        // No cache, slower next start; nothing else depends on it.
      }
    }, 1000).unref();
  };
}

const main = new Module(file, null);
main.filename = file;
main.paths = Module._nodeModulePaths(dir);
main.loaded = true;
script.runInThisContext().call(main.exports, main.exports, (id) => main.require(id), main, file, dir);
