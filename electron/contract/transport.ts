import { AppError, type AppErrorPayload } from './errors.js';
import type { CallOptions, Client, ContractTable } from './method.js';

/** The wire envelope of every call's answer, in both hosts. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: AppErrorPayload };

/** What a host offers the renderer: one generic call. */
export interface Transport {
  call(path: string, input: unknown, options?: CallOptions): Promise<CallResult>;
}

/** Builds `api.group.method(input)` over a transport; unknown paths are rejected by the host. */
export function createClient<C extends ContractTable>(table: C, transport: Transport): Client<C> {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [group, methods] of Object.entries(table)) {
    const g: Record<string, unknown> = {};
    for (const name of Object.keys(methods)) {
      g[name] = async (input: unknown, options?: CallOptions) => {
        const res = await transport.call(`${group}.${name}`, input ?? {}, options);
        if (res.ok) return res.value;
        throw AppError.fromPayload(res.error);
      };
    }
    client[group] = g;
  }
  return client as Client<C>;
}
