import WebSocket from 'ws';
import { useStack } from '../harness';
import { isOp, LiveSocket } from './live-socket';

/**
 * The server drops a socket that stops answering its pings once the heartbeat window passes,
 * and keeps one that answers. The window comes from LIVE_HEARTBEAT_MS (here 200 ms) so the test
 * waits a fraction of a second instead of the production 30 s.
 */
describe('live heartbeats', () => {
  const HEARTBEAT_MS = 200;
  const stack = useStack({ label: 'api-live-heartbeat', env: { LIVE_HEARTBEAT_MS: String(HEARTBEAT_MS) } });

  test('a client that stops answering pings is closed after the window; one that answers stays', async () => {
    const member = await stack.api.loginDev({ nickname: 'heartbeat-member' });
    const url = `${stack.baseUrl.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(member.token)}`;

    // `autoPong: false`: the ws client no longer answers ping frames, like a phone whose app froze.
    const silent = new WebSocket(url, { autoPong: false });
    let pings = 0;
    silent.on('ping', () => (pings += 1));
    const opened = Date.now();
    const closed = new Promise<number>((resolve) => silent.once('close', () => resolve(Date.now() - opened)));
    await new Promise<void>((resolve, reject) => {
      silent.once('open', () => resolve());
      silent.once('error', reject);
    });

    const answering = await LiveSocket.open(stack.baseUrl, member.token);
    await answering.waitFor(isOp('ready'));

    const closedAfterMs = await closed;
    // One beat marks it silent after a ping, the next one drops it: between one and (with a loaded machine) a few windows.
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEARTBEAT_MS);
    expect(closedAfterMs).toBeLessThan(HEARTBEAT_MS * 25);

    // The answering socket lived through the same beats and still gets answers.
    expect(answering.closedWith).toBeNull();
    answering.send({ op: 'ping' });
    await answering.waitFor(isOp('pong'));
    await answering.close();
  }, 60_000);
});
