import type { Request } from 'express';
import type { CallEngine } from '../calls/call-engine';
import type { EmulatorState } from '../store/state';
import type { ResourceContext } from '../twilio-json';
import type { MediaService } from './media.service';

export interface RestContext {
  state: EmulatorState;
  engine: CallEngine;
  media: MediaService;
  resource: ResourceContext;
}

/** `CA….json` → `CA…`; anything without the expected extension is not a resource we serve. */
export function stripJson(file: string): string | null {
  return file.endsWith('.json') ? file.slice(0, -'.json'.length) : null;
}

/** The resource path as the client sent it, for Twilio's "The requested resource … was not found". */
export function pathOf(req: Request): string {
  return req.originalUrl.split('?')[0];
}
