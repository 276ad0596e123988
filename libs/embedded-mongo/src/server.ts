import * as net from 'net';
import { runCommand } from './commands';
import { CursorRegistry } from './commands/context';
import { Engine } from './engine';
import { encodeOpMsg, encodeOpReply, parseMessage, readHeader } from './wire';

const MAX_MESSAGE = 48_000_000;

/** The TCP front: frames messages per connection and answers them in order. */
export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private connectionSeq = 0;
  private requestSeq = 1;
  address = '';

  constructor(private readonly engine: Engine) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address() as net.AddressInfo;
        this.address = `${host}:${addr.port}`;
        resolve(addr.port);
      });
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const conn = { id: ++this.connectionSeq, address: this.address, cursors: new CursorRegistry() };
    // Chunks are joined once a whole message is there (joining on every chunk is quadratic for big messages).
    let chunks: Buffer[] = [];
    let have = 0;
    let need = 0;
    let chain = Promise.resolve();
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      have += chunk.length;
      if (have < need) return;
      let pending = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, have);
      chunks = [];
      have = 0;
      need = 0;
      while (pending.length >= 16) {
        const { length } = readHeader(pending);
        if (length < 16 || length > MAX_MESSAGE) {
          socket.destroy();
          return;
        }
        if (pending.length < length) {
          need = length;
          break;
        }
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        // One request at a time per connection keeps replies in order.
        chain = chain.then(() => this.handle(socket, message, conn));
      }
      if (pending.length) {
        chunks = [pending];
        have = pending.length;
      }
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private async handle(
    socket: net.Socket,
    message: Buffer,
    conn: { id: number; address: string; cursors: CursorRegistry },
  ): Promise<void> {
    let request;
    try {
      request = parseMessage(message);
    } catch {
      socket.destroy();
      return;
    }
    (conn as { messageBytes?: number }).messageBytes = message.length;
    const reply = await runCommand(this.engine, request.command, conn);
    if (request.noReply || socket.destroyed) return;
    const id = this.requestSeq++;
    const bytes = request.legacy
      ? encodeOpReply(request.header.requestId, id, reply)
      : encodeOpMsg(request.header.requestId, id, reply);
    socket.write(bytes);
  }
}
