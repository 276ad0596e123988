import * as net from 'net';
import { BSON } from 'bson';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, startEmbeddedMongo } from '../src';

let mongo: EmbeddedMongo;
beforeAll(async () => (mongo = await startEmbeddedMongo()));
afterAll(() => mongo.stop());

/** Sends raw bytes and returns the first complete reply message. */
function roundTrip(message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(mongo.port, '127.0.0.1', () => socket.write(message));
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        socket.destroy();
        resolve(buf.subarray(0, buf.readInt32LE(0)));
      }
    });
    socket.on('error', reject);
  });
}

describe('wire protocol', () => {
  it('answers the legacy OP_QUERY isMaster handshake with OP_REPLY describing a replica-set primary', async () => {
    const query = Buffer.from(BSON.serialize({ isMaster: 1, helloOk: true }));
    const ns = Buffer.from('admin.$cmd\0');
    const body = Buffer.concat([Buffer.alloc(4), ns, Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), query]);
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(42, 4);
    header.writeInt32LE(0, 8);
    header.writeInt32LE(2004, 12);
    const reply = await roundTrip(Buffer.concat([header, body]));
    expect(reply.readInt32LE(8)).toBe(42); // responseTo
    expect(reply.readInt32LE(12)).toBe(1); // OP_REPLY
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned
    const doc = BSON.deserialize(reply.subarray(36));
    expect(doc).toMatchObject({ ok: 1, ismaster: true, setName: 'rs0', logicalSessionTimeoutMinutes: 30 });
    expect(doc.maxWireVersion).toBeGreaterThanOrEqual(21);
    expect(doc.hosts).toContain(`127.0.0.1:${mongo.port}`);
  });

  it('accepts OP_MSG with a document-sequence section and a checksum flag', async () => {
    const body = Buffer.from(BSON.serialize({ insert: 'raw', $db: 'wire' }));
    const docs = [{ a: 1 }, { a: 2 }].map((d) => Buffer.from(BSON.serialize(d)));
    const ident = Buffer.from('documents\0');
    const seqSize = Buffer.alloc(4);
    seqSize.writeInt32LE(4 + ident.length + docs.reduce((n, d) => n + d.length, 0));
    const sections = Buffer.concat([Buffer.from([0]), body, Buffer.from([1]), seqSize, ident, ...docs]);
    const header = Buffer.alloc(20);
    header.writeInt32LE(20 + sections.length + 4, 0);
    header.writeInt32LE(7, 4);
    header.writeInt32LE(2013, 12);
    header.writeUInt32LE(1, 16); // checksumPresent
    const reply = await roundTrip(Buffer.concat([header, sections, Buffer.alloc(4)]));
    expect(reply.readInt32LE(12)).toBe(2013);
    expect(BSON.deserialize(reply.subarray(21))).toMatchObject({ ok: 1, n: 2 });
  });

  it('executes unacknowledged (w:0, moreToCome) writes without replying', async () => {
    const client = new MongoClient(mongo.uri);
    await client.connect();
    const c = client.db('wire').collection('w0');
    await c.insertOne({ fire: 'and forget' }, { writeConcern: { w: 0 } });
    const deadline = Date.now() + 2000;
    while ((await c.countDocuments()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await c.countDocuments()).toBe(1);
    // The connection is still in step: a normal command afterwards gets its own reply.
    expect((await client.db('wire').command({ ping: 1 })).ok).toBe(1);
    await client.close();
  });

  it('serves many connections at once', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, async () => new MongoClient(mongo.uri).connect()));
    await Promise.all(clients.map((cl, i) => cl.db('wire').collection('multi').insertOne({ i })));
    expect(await clients[0].db('wire').collection('multi').countDocuments()).toBe(5);
    await Promise.all(clients.map((cl) => cl.close()));
  });
});
