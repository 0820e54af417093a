import { connect, createServer } from 'node:net';

/**
 * A pass-through TCP proxy in front of PostgreSQL that reads the frontend side of the wire
 * protocol and records each statement the client runs (Parse + Bind of the extended protocol,
 * or a simple Query) with its parameters. Used once, to capture the exact SQL Prisma sends,
 * so the raw anchor runs the very same statements. Never on a measured path.
 */
export async function startSniffer(upstreamPort = 5432, upstreamHost = '127.0.0.1') {
  const statements = [];
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, upstreamHost);
    sockets.add(client).add(upstream);
    upstream.pipe(client);
    client.pipe(upstream);
    // Each statement is timed from its Bind (or Query) to the server's ReadyForQuery.
    const pending = [];
    const state = { sslAnswerPending: false };
    const parser = frontendParser(state, (entry) => {
      const statement = { ...entry, at: performance.now(), ms: null };
      statements.push(statement);
      pending.push(statement);
    });
    client.on('data', parser);
    upstream.on(
      'data',
      backendParser(state, () => {
        const statement = pending.shift();
        if (statement) statement.ms = performance.now() - statement.at;
      }),
    );
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    statements,
    take: () => statements.splice(0, statements.length),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function frontendParser(state, emit) {
  let buffer = Buffer.alloc(0);
  let startup = true;
  const prepared = new Map(); // statement name → SQL
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (startup) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        // SSLRequest / GSSENCRequest get a one-byte answer and another startup packet follows.
        if (code === 80877103 || code === 80877104) state.sslAnswerPending = true;
        else startup = false;
        continue;
      }
      if (buffer.length < 5) return;
      const type = String.fromCharCode(buffer[0]);
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) return;
      const payload = buffer.subarray(5, 1 + length);
      buffer = buffer.subarray(1 + length);
      if (type === 'P') {
        const [name, rest] = cstring(payload, 0);
        const [sql] = cstring(payload, rest);
        prepared.set(name, sql);
      } else if (type === 'B') {
        const [, afterPortal] = cstring(payload, 0);
        const [statement, offset] = cstring(payload, afterPortal);
        emit({ sql: prepared.get(statement) ?? `<unknown statement ${statement}>`, params: bindParams(payload, offset) });
      } else if (type === 'Q') {
        emit({ sql: cstring(payload, 0)[0], params: [] });
      }
    }
  };
}

/** Calls onReady for every ReadyForQuery ('Z') the server sends. */
function backendParser(state, onReady) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    // The answer to an SSLRequest is one bare byte ('N' or 'S').
    if (state.sslAnswerPending && buffer.length > 0) {
      buffer = buffer.subarray(1);
      state.sslAnswerPending = false;
    }
    while (buffer.length >= 5) {
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) return;
      if (buffer[0] === 0x5a) onReady();
      buffer = buffer.subarray(1 + length);
    }
  };
}

/** Time per statement shape (IN lists and literals folded), largest total first. */
export function timeBySql(statements, top = 15) {
  const groups = new Map();
  for (const s of statements) {
    const key = s.sql
      .replace(/\$\d+(,\$\d+)*/g, '$n')
      .replace(/\s+/g, ' ')
      .slice(0, 160);
    const g = groups.get(key) ?? { sql: key, count: 0, ms: 0 };
    g.count += 1;
    g.ms += s.ms ?? 0;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((g) => ({ ...g, ms: Math.round(g.ms) }));
}

function cstring(buffer, offset) {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}

function bindParams(payload, offset) {
  let at = offset;
  const formatCount = payload.readInt16BE(at);
  at += 2;
  const formats = [];
  for (let i = 0; i < formatCount; i += 1, at += 2) formats.push(payload.readInt16BE(at));
  const count = payload.readInt16BE(at);
  at += 2;
  const params = [];
  for (let i = 0; i < count; i += 1) {
    const length = payload.readInt32BE(at);
    at += 4;
    if (length === -1) {
      params.push(null);
      continue;
    }
    const binary = (formats.length === 1 ? formats[0] : (formats[i] ?? 0)) === 1;
    const bytes = payload.subarray(at, at + length);
    params.push(binary ? { binary: bytes.toString('hex') } : bytes.toString('utf8'));
    at += length;
  }
  return params;
}
