import express, { Router } from 'express';
import { API_VERSION } from '../config';
import { notFound } from '../errors';
import { basicAuth } from '../http/basic-auth';
import { callsRouter } from './calls.router';
import { recordingsRouter } from './recordings.router';
import { pathOf, type RestContext } from './rest-context';

/**
 * Everything under `/2010-04-01/Accounts/{AccountSid}`: Basic auth first (401 even for a wrong
 * account, as Twilio answers), then the path's account must be ours (404 20404).
 */
export function accountRouter(rc: RestContext, authToken: string): Router {
  const router = Router();
  const accountSid = rc.resource.accountSid;
  const scoped = Router({ mergeParams: true });
  scoped.use((req, _res, next) => {
    if (req.params['accountSid'] !== accountSid) throw notFound(pathOf(req));
    next();
  });
  scoped.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 10_000 }));
  scoped.use(callsRouter(rc));
  scoped.use(recordingsRouter(rc));

  router.use(`/${API_VERSION}/Accounts`, basicAuth(accountSid, authToken));
  router.use(`/${API_VERSION}/Accounts/:accountSid`, scoped);
  return router;
}
