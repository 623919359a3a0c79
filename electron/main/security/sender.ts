import { isTrustedUrl } from './urls.js';

/** The parts of an Electron frame (WebFrameMain) the check needs. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId?: number;
  readonly routingId?: number;
}

/** The same frame: one object, or (Electron may hand out another wrapper) the same process and routing id. */
function sameFrame(a: FrameLike, b: FrameLike): boolean {
  if (a === b) return true;
  return a.processId !== undefined && a.routingId !== undefined && a.processId === b.processId && a.routingId === b.routingId;
}

/** The parts of an IPC event (IpcMainInvokeEvent) the check needs. */
export interface IpcEventLike {
  readonly sender: { readonly id: number; readonly mainFrame: FrameLike };
  readonly senderFrame: FrameLike | null;
}

/**
 * IPC is accepted only from the main frame of one of the app's own windows while it shows
 * the app's own page: no subframe, no other webContents, no foreign page that got loaded.
 */
export function isTrustedSender(event: IpcEventLike, appWebContentsIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (!appWebContentsIds.has(event.sender.id)) return false;
  if (frame.parent !== null || !sameFrame(frame, event.sender.mainFrame)) return false;
  return isTrustedUrl(frame.url);
}
