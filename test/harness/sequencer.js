// Two scenario files run at a time. Jest starts the slowest files first when it has timings from an
// earlier run, but CI starts from a fresh clone, where Jest falls back to file size — and the
// longest file (ten SIGKILL/restart cycles) is a short one. Named long files go first, so they
// overlap the rest instead of running alone at the end.
const Sequencer = require('@jest/test-sequencer').default;

const longFirst = ['counters-crash.test.ts', 'production.test.ts', 'invites.test.ts', 'instances.test.ts'];
const rank = (test) => {
  const i = longFirst.findIndex((name) => test.path.endsWith(`/${name}`));
  return i === -1 ? longFirst.length : i;
};

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongFirstSequencer;
