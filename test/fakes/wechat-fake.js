"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.FAKE_PNG = void 0;
exports.startFakeWechat = startFakeWechat;
/**
 * A fake of the WeChat server APIs Quanzi calls, for integration and end-to-end tests.
 * Plain Node http, no dependencies, 127.0.0.1 on a free port.
 *
 * - GET  /sns/jscode2session        js_code `code-<openid>` → that openid; anything else → 40029
 * - GET  /cgi-bin/token, POST /cgi-bin/stable_token → an access token (checked by the calls below)
 * - POST /wxa/getwxacodeunlimit     → a small PNG
 * - POST /wxa/msg_sec_check         text with a risky word → suggest 'risky', a review word → 'review'
 * - POST /cgi-bin/message/subscribe/send → recorded in `sentMessages`; touser listed in
 *   `refusingOpenids` → 43101
 */
const http = __importStar(require("node:http"));
/** 1×1 transparent PNG: enough for a poster pipeline to decode. */
exports.FAKE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
async function startFakeWechat(options = {}) {
    const appId = options.appId ?? 'wx-fake-appid';
    const secret = options.secret ?? 'fake-secret';
    const ttl = options.tokenTtlSeconds ?? 7200;
    const validTokens = new Set();
    let issued = 0;
    const fake = {
        appId,
        secret,
        calls: [],
        sentMessages: [],
        checkedTexts: [],
        tokensIssued: () => issued,
        revokeTokens: () => validTokens.clear(),
        riskyWords: options.riskyWords ?? ['违禁词'],
        reviewWords: options.reviewWords ?? ['待审核'],
        refusingOpenids: new Set(),
        reset() {
            fake.calls.length = 0;
            fake.sentMessages.length = 0;
            fake.checkedTexts.length = 0;
        },
    };
    const issueToken = (reqAppId, reqSecret) => {
        if (reqAppId !== appId || reqSecret !== secret)
            return { errcode: 40125, errmsg: 'invalid appsecret' };
        issued += 1;
        const token = `fake-token-${issued}-${Math.random().toString(36).slice(2, 10)}`;
        validTokens.add(token);
        return { access_token: token, expires_in: ttl };
    };
    const route = (method, path, query, body) => {
        if (method === 'GET' && path === '/sns/jscode2session') {
            if (query.appid !== appId || query.secret !== secret)
                return { json: { errcode: 40125, errmsg: 'invalid appsecret' } };
            const code = query.js_code ?? '';
            if (!code.startsWith('code-') || code.length <= 'code-'.length) {
                return { json: { errcode: 40029, errmsg: 'invalid code' } };
            }
            const openid = code.slice('code-'.length);
            return { json: { openid, session_key: `sk-${openid}` } };
        }
        if (method === 'GET' && path === '/cgi-bin/token')
            return { json: issueToken(query.appid, query.secret) };
        if (method === 'POST' && path === '/cgi-bin/stable_token')
            return { json: issueToken(body.appid, body.secret) };
        // Everything below needs a live access token.
        const tokenError = validTokens.has(query.access_token ?? '') ? null : { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
        if (method === 'POST' && path === '/wxa/getwxacodeunlimit') {
            if (tokenError)
                return { json: tokenError };
            const scene = String(body.scene ?? '');
            if (scene.length === 0 || scene.length > 32)
                return { json: { errcode: 40169, errmsg: 'invalid length for scene' } };
            return { png: exports.FAKE_PNG };
        }
        if (method === 'POST' && path === '/wxa/msg_sec_check') {
            if (tokenError)
                return { json: tokenError };
            const content = String(body.content ?? '');
            fake.checkedTexts.push({ content, openid: String(body.openid ?? ''), scene: Number(body.scene) });
            const suggest = fake.riskyWords.some((w) => content.includes(w))
                ? 'risky'
                : fake.reviewWords.some((w) => content.includes(w))
                    ? 'review'
                    : 'pass';
            const label = suggest === 'pass' ? 100 : 20001;
            return { json: { errcode: 0, errmsg: 'ok', result: { suggest, label }, detail: [{ strategy: 'content_model', errcode: 0, suggest, label }] } };
        }
        if (method === 'POST' && path === '/cgi-bin/message/subscribe/send') {
            if (tokenError)
                return { json: tokenError };
            const message = body;
            if (fake.refusingOpenids.has(message.touser))
                return { json: { errcode: 43101, errmsg: 'user refuse to accept the msg' } };
            fake.sentMessages.push(message);
            return { json: { errcode: 0, errmsg: 'ok' } };
        }
        return { status: 404, json: { errcode: -1, errmsg: `fake wechat: no route ${method} ${path}` } };
    };
    const server = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const url = new URL(req.url ?? '/', 'http://127.0.0.1');
            const query = Object.fromEntries(url.searchParams);
            let body = {};
            const raw = Buffer.concat(chunks).toString('utf8');
            if (raw) {
                try {
                    body = JSON.parse(raw);
                }
                catch {
                    res.writeHead(200, { 'content-type': 'application/json' });
                    res.end(JSON.stringify({ errcode: 47001, errmsg: 'data format error' }));
                    return;
                }
            }
            const method = req.method ?? 'GET';
            fake.calls.push({ method, path: url.pathname, query, body });
            const out = route(method, url.pathname, query, body);
            if ('png' in out && out.png) {
                res.writeHead(200, { 'content-type': 'image/png', 'content-length': out.png.length });
                res.end(out.png);
                return;
            }
            const json = JSON.stringify(out.json);
            res.writeHead('status' in out && out.status ? out.status : 200, { 'content-type': 'application/json' });
            res.end(json);
        });
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    return Object.assign(fake, {
        baseUrl: `http://127.0.0.1:${port}`,
        stop: () => new Promise((resolve, reject) => {
            server.closeAllConnections();
            server.close((err) => (err ? reject(err) : resolve()));
        }),
    });
}
//# sourceMappingURL=wechat-fake.js.map