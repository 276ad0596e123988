/** Repository-level benchmarks (the workspaces run their own with `npm run bench -w …`). */
import './events.bench';
