import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** js-yaml comes with electron-builder; it has no types here, so this is its one function we use. */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface BuilderConfig {
  appId: string;
  productName: string;
  executableName: string;
  artifactName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  npmRebuild: boolean;
  electronDist: string;
  electronFuses: Record<string, boolean>;
  win: { target: { target: string; arch: string[] }[]; icon: string };
  nsis: Record<string, unknown>;
  linux: { target: { target: string; arch: string[] }[]; icon: string; category: string; maintainer: string; desktop: { entry: Record<string, string> } };
  deb: { depends: string[]; recommends: string[] };
  publish: { provider: string; url: string };
}

export function loadBuilderConfig(): BuilderConfig {
  return yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}
