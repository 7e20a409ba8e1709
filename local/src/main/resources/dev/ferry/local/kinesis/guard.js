// Runs before kinesis-mock (node -e) in its package directory. Two jobs it cannot do itself:
//
// 1. Loopback only. kinesis-mock has no host setting and listens on every interface; a local
//    emulator must not be reachable from the network. Every server it opens (plain and TLS) goes
//    through net.Server#listen, so a port-only listen is pinned to 127.0.0.1.
// 2. No orphans. The JVM that started us holds our stdin open. When that JVM ends in any way,
//    SIGKILL included, the kernel closes the pipe, stdin ends, and we kill ourselves at once
//    (SIGKILL, because kinesis-mock takes ~30 s to honour SIGTERM).
'use strict';
const net = require('net');
const host = process.env.FERRY_LISTEN_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, host);
  } else if (args[0] !== null && typeof args[0] === 'object' && !args[0].host && !args[0].path) {
    args[0] = Object.assign({}, args[0], { host: host });
  }
  return listen.apply(this, args);
};

const die = () => process.kill(process.pid, 'SIGKILL');
process.stdin.on('end', die);
process.stdin.on('close', die);
process.stdin.on('error', die);
process.stdin.resume();

require(require('path').resolve('main.js'));
