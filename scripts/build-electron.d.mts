/** jsPDF's lazily required modules that are left out of the bundle (never called by the app). */
export const OPTIONAL_ABSENT: string[];
/** Files the bundled code reads at run time: package file → path beside the bundle. */
export const RUNTIME_ASSETS: { from: string; to: string }[];
export function copyRuntimeAssets(outdir: string): void;
/** Files made at build time beside the bundle (the fonts' fixed subsets), paths relative to it. */
export const GENERATED_ASSETS: string[];
export function writeGeneratedAssets(outdir: string): void;
export function buildElectron(options?: { outdir?: string; sourcemap?: boolean; logLevel?: string }): Promise<string>;
