import type { Progress } from './method.js';
import type { CallResult } from './transport.js';

/**
 * Reads the web host's NDJSON answer: progress lines, then the result line.
 * Shared by the renderer's web transport and the tests' HTTP client.
 */
export async function readCallStream(
  chunks: AsyncIterable<string>,
  onProgress?: (p: Progress) => void,
): Promise<CallResult> {
  let buffer = '';
  let result: CallResult | undefined;
  const take = (line: string) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line) as { progress?: Progress; result?: CallResult };
    if (msg.progress) onProgress?.(msg.progress);
    if (msg.result) result = msg.result;
  };
  for await (const chunk of chunks) {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      take(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  }
  take(buffer);
  return result ?? { ok: false, error: { code: 'network', message: 'Ответ программы оборвался. Повторите операцию.' } };
}
