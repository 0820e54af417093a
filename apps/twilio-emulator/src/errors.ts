/** Twilio's legacy error body, which twilio-node turns into a RestException. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Thrown by handlers; the app's error middleware renders it as a Twilio error body. */
export class TwilioHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  get body(): TwilioErrorBody {
    return twilioErrorBody(this.status, this.code, this.message);
  }
}

export function notFound(path: string): TwilioHttpError {
  return new TwilioHttpError(404, 20404, `The requested resource ${path} was not found`);
}

export function badParam(message: string, code = 20001): TwilioHttpError {
  return new TwilioHttpError(400, code, message);
}
