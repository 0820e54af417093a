/**
 * A callback for a call whose row has no Twilio SID yet: Twilio answered faster than our own
 * create request returned. The job is retried until the SID is written.
 */
export class CallNotYetKnownError extends Error {
  public constructor(callSid: string) {
    super(`No call record has the Twilio SID ${callSid} yet`);
    this.name = 'CallNotYetKnownError';
  }
}
