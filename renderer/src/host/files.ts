import type { SavedFile } from '../../../electron/contract/host/bridge';
import { bridge } from '../api/client';

function blobOf(file: SavedFile): Blob {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: file.mime });
}

function download(file: SavedFile): void {
  const url = URL.createObjectURL(blobOf(file));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves a file: the system dialog under Electron, a download in the browser. */
export async function saveFile(file: SavedFile): Promise<void> {
  if (bridge) await bridge.saveFile(file);
  else download(file);
}

/** Prints a PDF: the system viewer under Electron; in the browser the PDF is downloaded to print. */
export async function printPdf(file: SavedFile): Promise<void> {
  if (bridge) await bridge.printPdf(file);
  else download(file);
}
