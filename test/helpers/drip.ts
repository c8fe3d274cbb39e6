import { connect } from 'node:net';

export interface DripOutcome {
  /** Milliseconds from the connection to the server closing it. */
  cutAfterMs: number;
  /** The status the server answered before closing, if it answered one. */
  status: number | undefined;
  /** The body of that answer, as text. */
  body: string;
  /** Bytes of the request the server received before it cut. */
  bytesSent: number;
}

/**
 * A slow client over a real socket: writes `head` at once, then `drip` one byte every
 * `intervalMs`, and reports when the server closes the connection. What a slowloris attacker
 * does with the headers (`part: 'headers'`) or with the body (`part: 'body'`).
 */
export function drip(
  port: number,
  part: 'headers' | 'body',
  intervalMs: number,
  giveUpAfterMs = 120_000,
): Promise<DripOutcome> {
  const head =
    part === 'headers'
      ? 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n'
      : 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100000\r\n\r\n';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let bytesSent = head.length;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    const timer = setInterval(() => {
      if (performance.now() - started > giveUpAfterMs) {
        socket.destroy();
        reject(new Error(`the server still held the connection after ${giveUpAfterMs} ms`));
        return;
      }
      // A header line that never ends, or a JSON body that never ends.
      if (!socket.destroyed && socket.writable) {
        socket.write(part === 'headers' ? 'X' : ' ');
        bytesSent += 1;
      }
    }, intervalMs);
    socket.on('error', () => {
      // A reset is how some cuts arrive; 'close' follows and reports it.
    });
    socket.on('close', () => {
      clearInterval(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({
        cutAfterMs: performance.now() - started,
        status: status === undefined ? undefined : Number(status),
        body: answer.includes('\r\n\r\n') ? answer.slice(answer.indexOf('\r\n\r\n') + 4) : '',
        bytesSent,
      });
    });
    socket.write(head);
  });
}
