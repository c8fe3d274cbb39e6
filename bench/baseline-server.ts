import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The baseline: bare node:http answering each benchmarked path with JSON.stringify of
 * the same data the API returns. What Node itself can do, with no framework at all.
 */
const responses = new Map<string, unknown>(
  Object.entries(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8'))),
);

createServer((req, res) => {
  const data = responses.get((req.url ?? '').split('?')[0] ?? '');
  if (data === undefined) {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(data));
}).listen(Number(process.env.PORT), '127.0.0.1');
