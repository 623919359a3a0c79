import type { z } from 'zod';
import type { Role } from './roles.js';

/** Who may call a method: nobody logged in needed, any logged-in user, or the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Long work: the method reports progress events while it runs. */
  progress?: boolean;
  /** Short Russian description, shown in the audit log and the docs. */
  title: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}

export type ContractTable = Record<string, Record<string, MethodDef>>;

export type InputOf<M> = M extends MethodDef<infer I, z.ZodType> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodDef<infer I, z.ZodType> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? z.output<O> : never;

export interface Progress {
  done: number;
  total: number;
  label?: string;
}

/** The renderer's typed view of the contract: `api.group.method(input)`. */
export type Client<C extends ContractTable> = {
  [G in keyof C]: {
    [M in keyof C[G]]: (input: InputOf<C[G][M]>, options?: CallOptions) => Promise<OutputOf<C[G][M]>>;
  };
};

export interface CallOptions {
  onProgress?: (p: Progress) => void;
}

/** A method path is `group.method`. */
export type MethodPath = string;

export function splitPath(path: string): [string, string] | null {
  const m = /^([a-zA-Z][a-zA-Z0-9]*)\.([a-zA-Z][a-zA-Z0-9]*)$/.exec(path);
  return m ? [m[1]!, m[2]!] : null;
}

export function lookupMethod(table: ContractTable, path: string): MethodDef | undefined {
  const parts = splitPath(path);
  if (!parts) return undefined;
  const group = Object.hasOwn(table, parts[0]) ? table[parts[0]] : undefined;
  if (!group || !Object.hasOwn(group, parts[1])) return undefined;
  return group[parts[1]];
}

export function listMethods(table: ContractTable): string[] {
  return Object.entries(table).flatMap(([g, methods]) => Object.keys(methods).map((m) => `${g}.${m}`));
}
