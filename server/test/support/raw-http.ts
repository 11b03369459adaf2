// HTTP/1.1 written by hand over a socket, so that tests can send request lines no client
// library would (absolute-form targets, `//api`, `/./api`, percent-encoded slashes...).
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  head: string;
}

/** Sends `METHOD target HTTP/1.1` with the given headers (and body) and reads the status line. */
export function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<RawResponse> {
  const lines = [
    `${method} ${target} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    'connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(body ? [`content-length: ${Buffer.byteLength(body)}`] : []),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.split('\r\n\r\n', 1)[0] ?? '';
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
      if (Number.isNaN(status)) reject(new Error(`no status line for ${method} ${target}`));
      else resolve({ status, head });
    });
    // Not end(): a proxy (nginx) takes a half-closed connection for a client gone away (499).
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

/** The same path as a client or an attacker might spell it in the request line. */
export function spellings(path: string, port: number): string[] {
  const rest = path.slice(1); // without the leading slash
  const [first = '', ...others] = rest.split('/');
  const tail = others.join('/');
  return [
    path,
    `http://127.0.0.1:${port}${path}`,
    `HTTP://127.0.0.1:${port}${path}`,
    `http://127.0.0.1.:${port}${path}`,
    `http://localhost${path}`,
    `https://evil.example${path}`,
    `//${rest}`,
    `///${rest}`,
    `/.${path}`,
    `/${first}/./${tail}`,
    `/${first}//${tail}`,
    `/x/..${path}`,
    `/${first}%2F${tail}`,
    `%2F${rest}`,
    `/%61${first.slice(1)}/${tail}`,
    `${path}/`,
    `${path}.`,
    `${path}..`,
    `${path}?a=1`,
    `${path}#x`,
    `${path};x`,
    `${path}%00`,
    path.toUpperCase(),
  ];
}
