import { BSON, Long } from 'bson';
import { Doc } from './bson-values';

/** MongoDB wire protocol framing: OP_QUERY/OP_REPLY for the legacy handshake, OP_MSG for everything else. */

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const OP_COMPRESSED = 2012;

const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface Request {
  header: Header;
  command: Doc;
  /** OP_MSG with moreToCome: the client expects no reply. */
  noReply: boolean;
  legacy: boolean;
}

const DESERIALIZE = { promoteLongs: false, promoteValues: true, promoteBuffers: false, bsonRegExp: false } as const;

export function readHeader(buf: Buffer, off = 0): Header {
  return {
    length: buf.readInt32LE(off),
    requestId: buf.readInt32LE(off + 4),
    responseTo: buf.readInt32LE(off + 8),
    opCode: buf.readInt32LE(off + 12),
  };
}

function readCString(buf: Buffer, off: number): [string, number] {
  const end = buf.indexOf(0, off);
  if (end < 0) throw new Error('unterminated cstring');
  return [buf.toString('utf8', off, end), end + 1];
}

/** Parses one complete message (`buf` holds exactly its bytes). */
export function parseMessage(buf: Buffer): Request {
  const header = readHeader(buf);
  if (header.opCode === OP_MSG) {
    const flags = buf.readUInt32LE(16);
    const end = flags & CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
    let off = 20;
    let command: Doc | undefined;
    const sequences: Record<string, Doc[]> = {};
    while (off < end) {
      const kind = buf.readUInt8(off);
      off += 1;
      if (kind === 0) {
        const size = buf.readInt32LE(off);
        command = BSON.deserialize(buf.subarray(off, off + size), DESERIALIZE) as Doc;
        off += size;
      } else if (kind === 1) {
        const size = buf.readInt32LE(off);
        const sectionEnd = off + size;
        const [identifier, docsStart] = readCString(buf, off + 4);
        const docs: Doc[] = [];
        let p = docsStart;
        while (p < sectionEnd) {
          const dsize = buf.readInt32LE(p);
          docs.push(BSON.deserialize(buf.subarray(p, p + dsize), DESERIALIZE) as Doc);
          p += dsize;
        }
        sequences[identifier] = docs;
        off = sectionEnd;
      } else {
        throw new Error(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!command) throw new Error('OP_MSG without a body section');
    for (const [k, docs] of Object.entries(sequences)) command[k] = docs;
    return { header, command, noReply: (flags & MORE_TO_COME) !== 0, legacy: false };
  }
  if (header.opCode === OP_QUERY) {
    let off = 20;
    const [collection, next] = readCString(buf, off);
    off = next + 8; // numberToSkip, numberToReturn
    const size = buf.readInt32LE(off);
    let query = BSON.deserialize(buf.subarray(off, off + size), DESERIALIZE) as Doc;
    if (query.$query && typeof query.$query === 'object') query = query.$query as Doc;
    const db = collection.endsWith('.$cmd') ? collection.slice(0, -5) : collection.split('.')[0];
    return { header, command: { ...query, $db: db }, noReply: false, legacy: true };
  }
  throw new Error(`unsupported opCode ${header.opCode}`);
}

const SERIALIZE = { ignoreUndefined: true } as const;

export function encodeOpMsg(responseTo: number, requestId: number, reply: Doc): Buffer {
  const body = Buffer.from(BSON.serialize(reply, SERIALIZE));
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, body]);
}

export function encodeOpReply(responseTo: number, requestId: number, reply: Doc): Buffer {
  const body = Buffer.from(BSON.serialize(reply, SERIALIZE));
  const header = Buffer.alloc(36);
  header.writeInt32LE(36 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_REPLY, 12);
  header.writeInt32LE(0, 16); // responseFlags
  const zero = Long.ZERO;
  header.writeInt32LE(zero.low, 20);
  header.writeInt32LE(zero.high, 24);
  header.writeInt32LE(0, 28); // startingFrom
  header.writeInt32LE(1, 32); // numberReturned
  return Buffer.concat([header, body]);
}
