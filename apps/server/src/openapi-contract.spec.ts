import { ApiRoutes, createApiClient, type ApiRequest } from '@quanzi/contract';
import { startTestApp, type TestContext } from './testing/test-app';

/**
 * The one guard against drift between libs/contract and the server: every method and path the
 * contract's client calls, and every other ApiRoutes path, must be in the OpenAPI document the
 * server serves, with its path parameters in the same places.
 */

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** A path-parameter stand-in no literal segment uses; letters only, so encodeURIComponent keeps it. */
const arg = (i: number) => `ZzParam${i}Zz`;
const ARG_SEGMENT = /^ZzParam\d+Zz$/;
const args = (count: number) => Array.from({ length: Math.max(count, 3) }, (_, i) => arg(i));

/** ApiRoutes entries the client does not call: the method a caller uses, or why none. */
const LOADED_BY_URL: Partial<Record<keyof typeof ApiRoutes, string>> = {
  adminDailyActivity: 'GET', // the operators' report, read with a query string
  uploads: 'POST', // multipart, sent by the platform's upload API
  invitePoster: 'GET', // an image
  eventPoster: 'GET', // an image
  inviteCodeImage: 'GET', // an image (渠道活码)
  eventRegistrationsCsv: 'GET', // a CSV download
  circleOrdersCsv: 'GET', // a CSV download
  circleMembersCsv: 'GET', // a CSV download
};
const NOT_IN_DOCUMENT: Partial<Record<keyof typeof ApiRoutes, string>> = {
  docs: 'the OpenAPI document does not describe its own UI',
  liveSocket: 'a WebSocket upgrade (live/live.gateway.ts), not an HTTP route',
};

interface ContractCall {
  name: string;
  method: string;
  path: string;
}

/** Runs every client method against a recording transport: method + path without the query. */
async function contractCalls(): Promise<ContractCall[]> {
  const sent: ApiRequest[] = [];
  const client = createApiClient(async (request) => {
    sent.push(request);
    return { status: 200, data: {} };
  });
  const calls: ContractCall[] = [];
  for (const [name, fn] of Object.entries(client)) {
    if (name === 'call') continue;
    sent.length = 0;
    await (fn as (...a: unknown[]) => Promise<unknown>)(...args(fn.length));
    expect(sent).toHaveLength(1);
    calls.push({ name, method: sent[0].method, path: sent[0].path.split('?')[0] });
  }
  // ApiRoutes paths no client method calls: each must say how it is used.
  const called = new Set(calls.map((c) => c.path));
  for (const [name, route] of Object.entries(ApiRoutes) as [keyof typeof ApiRoutes, unknown][]) {
    if (name in NOT_IN_DOCUMENT) continue;
    const path = typeof route === 'string' ? route : (route as (...a: string[]) => string)(...args(3));
    if (called.has(path)) continue;
    calls.push({ name: `ApiRoutes.${name}`, method: LOADED_BY_URL[name] ?? 'UNCLASSIFIED', path });
  }
  return calls;
}

/** The document's template for a concrete contract path: literals equal, `{param}` exactly where an argument is. */
function findTemplate(document: OpenApiDocument, path: string): string | undefined {
  const segments = path.split('/');
  return Object.keys(document.paths).find((template) => {
    const parts = template.split('/');
    return (
      parts.length === segments.length &&
      parts.every((part, i) => (/^\{\w+\}$/.test(part) ? ARG_SEGMENT.test(segments[i]) : part === segments[i]))
    );
  });
}

describe('contract ↔ OpenAPI document', () => {
  let t: TestContext;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.request('GET', `${ApiRoutes.docs}-json`);
    expect(res.status).toBe(200);
    document = res.body as OpenApiDocument;
  });
  afterAll(() => t.close());

  it('serves every method and path the contract uses, with the same path parameters', async () => {
    const calls = await contractCalls();
    const problems: string[] = [];
    for (const { name, method, path } of calls) {
      const shown = path.replace(/ZzParam(\d+)Zz/g, '{arg$1}');
      const template = findTemplate(document, path);
      if (!template) {
        problems.push(`${name}: ${method} ${shown} is not in the document`);
        continue;
      }
      if (method === 'UNCLASSIFIED') {
        problems.push(`${name}: no client method calls it; call it from createApiClient or list it in LOADED_BY_URL`);
      } else if (!document.paths[template][method.toLowerCase()]) {
        const has = Object.keys(document.paths[template]).join(', ');
        problems.push(`${name}: ${template} has no ${method} (it has ${has})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
