/** Arguments for electron-builder: the given ones plus the release machine's settings from `env`. */
export function builderArgs(args: string[], env?: Record<string, string | undefined>): string[];
