import { BadRequestException } from '@nestjs/common';

/** Form parameters of a Twilio callback; a repeated key arrives as an array. */
export type TwilioParams = Record<string, string | string[] | undefined>;

export const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
export const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

export function param(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function requireParam(params: TwilioParams, name: string, pattern?: RegExp): string {
  const value = param(params, name);
  if (value === undefined || value === '') {
    throw new BadRequestException(`Twilio callback is missing ${name}`);
  }
  if (pattern && !pattern.test(value)) {
    throw new BadRequestException(`Twilio callback has a malformed ${name}`);
  }
  return value;
}

export function intParam(params: TwilioParams, name: string): number | null {
  const value = param(params, name);
  if (value === undefined || value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : null;
}

/** Twilio timestamps are RFC 2822 ("Mon, 22 Aug 2022 18:45:25 +0000"). */
export function dateParam(params: TwilioParams, name: string): Date | null {
  const value = param(params, name);
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
