// Minimal MongoDB "ping" over the wire protocol (OP_MSG), no driver needed.
// Sends {ping: 1, $db: "admin"} and resolves true when the reply has ok: 1.
import net from 'node:net';

const OP_MSG = 2013;

// Tiny BSON encoder: supports int32 and string values only.
function encodeDoc(fields) {
  const parts = Object.entries(fields).map(([key, value]) => {
    const name = Buffer.from(`${key}\0`, 'utf8');
    if (typeof value === 'number') {
      const v = Buffer.alloc(4);
      v.writeInt32LE(value);
      return Buffer.concat([Buffer.from([0x10]), name, v]);
    }
    const str = Buffer.from(`${value}\0`, 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32LE(str.length);
    return Buffer.concat([Buffer.from([0x02]), name, len, str]);
  });
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

// Fixed byte sizes of BSON types we may have to skip (-1: int32 length prefix).
const SIZES = { 1: 8, 3: -1, 4: -1, 7: 12, 8: 1, 9: 8, 10: 0, 16: 4, 17: 8, 18: 8, 19: 16 };

// Reads the top-level "ok" field of a BSON document starting at `start`.
function readOk(buf, start) {
  const end = start + buf.readInt32LE(start) - 1;
  let pos = start + 4;
  while (pos < end) {
    const type = buf[pos];
    const nameEnd = buf.indexOf(0, pos + 1);
    const name = buf.toString('utf8', pos + 1, nameEnd);
    pos = nameEnd + 1;
    if (name === 'ok') {
      if (type === 1) return buf.readDoubleLE(pos);
      if (type === 16) return buf.readInt32LE(pos);
      if (type === 18) return Number(buf.readBigInt64LE(pos));
      if (type === 8) return buf[pos];
    }
    if (type === 2) pos += 4 + buf.readInt32LE(pos);
    else if (type === 5) pos += 5 + buf.readInt32LE(pos);
    else if (SIZES[type] === -1) pos += buf.readInt32LE(pos);
    else if (SIZES[type] !== undefined) pos += SIZES[type];
    else return undefined; // unknown type: give up
  }
  return undefined;
}

/** Resolves true if host:port answers a MongoDB ping with ok: 1, false otherwise. */
export function mongoPing({ host = '127.0.0.1', port = 27017, timeoutMs = 2000 } = {}) {
  return new Promise((resolve) => {
    const doc = encodeDoc({ ping: 1, $db: 'admin' });
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + doc.length, 0); // messageLength
    header.writeInt32LE(1, 4); // requestID
    header.writeInt32LE(OP_MSG, 12); // opCode; responseTo and flagBits stay 0, section kind 0
    let data = Buffer.alloc(0);
    const socket = net.connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false)); // closed before a full reply
    socket.on('connect', () => socket.write(Buffer.concat([header, doc])));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 4 || data.length < data.readInt32LE(0)) return;
      try {
        done(data.readInt32LE(12) === OP_MSG && data[20] === 0 && readOk(data, 21) === 1);
      } catch {
        done(false);
      }
    });
  });
}
