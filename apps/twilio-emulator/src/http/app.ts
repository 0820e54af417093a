import express, { type ErrorRequestHandler, type Express } from 'express';
import { ControlError, controlRouter, type ControlContext } from '../control/control.router';
import { notFound, TwilioHttpError, twilioErrorBody } from '../errors';
import { accountRouter } from '../rest/account.router';
import { pathOf, type RestContext } from '../rest/rest-context';

export const CONTROL_PREFIX = '/_emulator';

/** Wires the Twilio REST surface, the control API, Twilio-style 404s and error rendering. */
export function createApp(rc: RestContext, cc: ControlContext, authToken: string, onError: (err: unknown) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(CONTROL_PREFIX, controlRouter(cc));
  app.use(accountRouter(rc, authToken));
  app.use((req) => {
    throw notFound(pathOf(req));
  });

  const renderError: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const isControl = req.path.startsWith(CONTROL_PREFIX);
    if (err instanceof ControlError) {
      res.status(err.status).json({ error: err.status === 404 ? 'not_found' : 'bad_request', message: err.message });
      return;
    }
    if (err instanceof TwilioHttpError) {
      res.status(err.status).json(err.body);
      return;
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser: malformed JSON / form, payload too large, …
      const message = err instanceof Error ? err.message : 'Bad request';
      res.status(status).json(isControl ? { error: 'bad_request', message } : twilioErrorBody(status, 20001, message));
      return;
    }
    onError(err);
    res.status(500).json(twilioErrorBody(500, 20500, 'Internal Server Error'));
  };
  app.use(renderError);
  return app;
}
