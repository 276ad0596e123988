import { ApiError, createApiClient, type ApiClient, type ApiErrorBody, type ApiTransport } from '@quanzi/contract';

export type { ApiClient } from '@quanzi/contract';

const requestTimeoutMs = 15_000;

/** The contract client's transport over fetch: JSON in and out, bearer token when given. */
export function fetchTransport(baseUrl: string, token: string | null = null): ApiTransport {
  return async ({ method, path, body, headers }) => {
    const res = await sendRaw(baseUrl, method, path, {
      rawBody: body === undefined ? undefined : JSON.stringify(body),
      token,
      headers,
    });
    return { status: res.status, data: res.body };
  };
}

/** The typed client of @quanzi/contract against a running server, as one actor (token). */
export function apiClient(baseUrl: string, token: string | null = null): ApiClient {
  return createApiClient(fetchTransport(baseUrl, token));
}

export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text; undefined when empty. */
  body: unknown;
}

/** One HTTP request outside the contract client, for deliberately malformed input. */
export async function sendRaw(
  baseUrl: string,
  method: string,
  path: string,
  options: { rawBody?: string; token?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.rawBody !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.rawBody,
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const text = await res.text();
  let body: unknown = undefined;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * The error body of a call that must fail with `status`; fails the test with what came back
 * otherwise (a success, another status, or a transport error).
 */
export async function expectApiError(call: Promise<unknown>, status: number): Promise<ApiErrorBody> {
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.status !== status) {
        throw new Error(`Expected HTTP ${status}, got ${error.status}: ${JSON.stringify(error.body)}`);
      }
      return error.body;
    }
    throw error;
  }
  throw new Error(`Expected HTTP ${status}, but the call succeeded with ${JSON.stringify(outcome)}`);
}
