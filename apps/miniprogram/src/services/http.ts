import Taro from '@tarojs/taro';
import {
  ApiError,
  ApiRoutes,
  ErrorCode,
  UploadLimits,
  createApiClient,
  type ApiClient,
  type ApiErrorBody,
  type ApiRequest,
  type ApiResponse,
  type ApiTransport,
  type UploadResponse,
} from '@quanzi/contract';

/**
 * The one HTTP layer: the only caller of `Taro.request` / `Taro.uploadFile`. It is the
 * transport under the contract's typed client and adds what the app needs on the wire: the
 * base URL, the bearer token, one silent re-login on 401, and a toast with the server's
 * message. Nothing else in the app knows about tokens.
 */

export { ApiError };
export type { UploadResponse };

/** The request never got an answer (offline, DNS, timeout). Not a server error, so not in the contract. */
export class NetworkError extends Error {
  constructor() {
    super('网络连接失败，请检查网络后重试');
    this.name = 'NetworkError';
  }
}

export interface TransportOptions {
  /** Send the bearer token and re-login once on 401. Default true; false for the login routes. */
  auth?: boolean;
  /** Toast the error message on failure. Default true; false when the caller shows it inline. */
  toast?: boolean;
}

/** What the auth store lends this layer; registered by `services/auth.ts`. */
export interface SessionHooks {
  token(): string | null;
  /** Gets a fresh token without user input; resolves false when that is impossible. */
  relogin(): Promise<boolean>;
}

let session: SessionHooks | null = null;

export function bindSession(hooks: SessionHooks): void {
  session = hooks;
}

/** `API_BASE` (build-time define) + a contract route path such as `/api/me`. */
export function apiUrl(path: string): string {
  return `${API_BASE}${path}`;
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.code === 'string' && typeof d.message === 'string';
}

function fallbackMessage(status: number): string {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限';
  if (status === 404) return '内容不存在';
  if (status === 400) return '填写的内容有误，请检查后再试';
  if (status === 409) return '状态已变化，请刷新后再试';
  if (status === 413) return '内容太大了';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '服务器开小差了，请稍后再试';
  return `请求失败（${status}）`;
}

/** What a member sees when WeChat's content check refused their text (422 CONTENT_REJECTED). */
export const CONTENT_REJECTED_MESSAGE = '内容未通过安全检测';

export function isContentRejected(err: unknown): boolean {
  return err instanceof ApiError && err.body.code === ErrorCode.CONTENT_REJECTED;
}

/** The HTTP status of an API error; null for network and other failures. */
export function errorStatus(err: unknown): number | null {
  return err instanceof ApiError ? err.status : null;
}

/** Server messages meant for members are Chinese; anything else (a developer's English) is not shown. */
const CHINESE = /[\u4e00-\u9fff]/;
const shownMessage = (message: string | undefined, status: number): string =>
  message && CHINESE.test(message) ? message : fallbackMessage(status);

/** A user-facing message for anything a request can throw. */
export function errorMessage(err: unknown): string {
  if (isContentRejected(err)) return `${CONTENT_REJECTED_MESSAGE}，请修改后再发布`;
  if (err instanceof ApiError) return shownMessage(err.body.message, err.status);
  if (err instanceof NetworkError) return err.message;
  return '出了点问题，请稍后再试';
}

/** Field-level messages of a VALIDATION_FAILED reply, joined for showing under a form; null if none. */
export function fieldMessages(err: unknown): string | null {
  if (!(err instanceof ApiError) || !err.body.details?.length) return null;
  return err.body.details.map((d) => d.message).join('；');
}

function bodyMessage(res: ApiResponse): string {
  if (!isErrorBody(res.data)) return fallbackMessage(res.status);
  if (res.data.code === ErrorCode.CONTENT_REJECTED) return `${CONTENT_REJECTED_MESSAGE}，请修改后再发布`;
  return shownMessage(res.data.message, res.status);
}

function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}

function authHeader(useAuth: boolean): Record<string, string> {
  const token = useAuth ? session?.token() : null;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function send(req: ApiRequest, useAuth: boolean): Promise<ApiResponse> {
  try {
    const res = await Taro.request<unknown>({
      url: apiUrl(req.path),
      method: req.method,
      // A bodiless DELETE/POST still goes out as `{}`: the JSON content type is always sent
      // (wx.request defaults to it; Taro h5 adds it), and the server refuses an empty JSON body.
      data: req.body === undefined && req.method !== 'GET' ? {} : req.body,
      header: { 'Content-Type': 'application/json', ...req.headers, ...authHeader(useAuth) },
      dataType: 'json',
      timeout: 15000,
    });
    return { status: res.statusCode, data: res.data };
  } catch {
    throw new NetworkError();
  }
}

/** Runs one exchange, repeating it once after a silent re-login when the server answers 401. */
async function withSession(useAuth: boolean, exchange: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const first = await exchange();
  if (first.status !== 401 || !useAuth || !session) return first;
  return (await session.relogin()) ? exchange() : first;
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/** A transport for the contract client; each option set gets its own client below. */
export function createTransport(options: TransportOptions = {}): ApiTransport {
  const useAuth = options.auth !== false;
  const shouldToast = options.toast !== false;
  return async (req) => {
    try {
      const res = await withSession(useAuth, () => send(req, useAuth));
      if (!isOk(res.status) && shouldToast) {
        toast(bodyMessage(res));
      }
      return res;
    } catch (err) {
      if (shouldToast) toast(errorMessage(err));
      throw err;
    }
  };
}

/** The typed API for signed-in calls; failures toast the server's message. */
export const api: ApiClient = createApiClient(createTransport());
/** Same, for callers that show errors inline instead of in a toast. */
export const quietApi: ApiClient = createApiClient(createTransport({ toast: false }));

export interface UploadOptions extends Pick<TransportOptions, 'toast'> {
  /** Called with 0–100 while the file is sent. */
  onProgress?: (percent: number) => void;
}

/** Uploads a local file (a chosen image's temp path; a blob: URL on h5) as the multipart `file` of `POST /api/uploads`. */
export async function uploadImage(filePath: string, options: UploadOptions = {}): Promise<UploadResponse> {
  const exchange = async (): Promise<ApiResponse> => {
    try {
      const task = Taro.uploadFile({
        url: apiUrl(ApiRoutes.uploads),
        filePath,
        name: UploadLimits.field,
        header: authHeader(true),
      });
      if (options.onProgress) {
        const report = options.onProgress;
        task.progress((p) => report(p.progress));
      }
      const res = await task;
      // uploadFile hands the body back as a string.
      let data: unknown = null;
      try {
        data = JSON.parse(res.data);
      } catch {
        data = null;
      }
      return { status: res.statusCode, data };
    } catch {
      throw new NetworkError();
    }
  };
  const shouldToast = options.toast !== false;
  try {
    const res = await withSession(true, exchange);
    if (isOk(res.status) && isUploadResponse(res.data)) return res.data;
    const body: ApiErrorBody = isErrorBody(res.data)
      ? res.data
      : { code: 'INTERNAL', message: fallbackMessage(res.status) };
    throw new ApiError(res.status, body);
  } catch (err) {
    if (shouldToast) toast(errorMessage(err));
    throw err;
  }
}

function isUploadResponse(data: unknown): data is UploadResponse {
  return typeof data === 'object' && data !== null && typeof (data as UploadResponse).url === 'string';
}
