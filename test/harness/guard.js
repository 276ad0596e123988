// Runs one server (argv[2], with any further arguments) as its child and ends it when the test process goes away. Our stdin
// is a pipe from the test process and closes however that process ends, even on SIGKILL; jest's
// sandbox cannot promise an 'exit' hook. Signals are forwarded, and the server's exit code or
// signal becomes ours, so the harness sees the server as if it had started it directly.
'use strict';
const { spawn } = require('node:child_process');

const graceMs = 5000;
const child = spawn(process.execPath, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
}

process.stdin.on('end', () => stop('SIGTERM'));
process.stdin.on('error', () => stop('SIGTERM'));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(signal));

child.on('error', (error) => {
  process.stderr.write(`guard: could not start ${process.argv[2]}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
