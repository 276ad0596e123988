/** Repository-level benchmarks (the workspaces run their own with `npm run bench -w …`), one after another. */
import { runApiRatios } from './api-ratios.bench';
import { runEventsBench } from './events.bench';

async function main(): Promise<void> {
  await runApiRatios();
  await runEventsBench();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
