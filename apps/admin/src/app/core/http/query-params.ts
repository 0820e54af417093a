import { HttpParameterCodec, HttpParams } from '@angular/common/http';

/**
 * Angular's default codec leaves `+` as it is, and servers read a bare `+` in a query string
 * as a space: `phone=+1415…` would arrive as ` 1415…`. This one encodes everything the way
 * `encodeURIComponent` does, so an E.164 number survives as `%2B1415…`.
 */
export class StrictParamCodec implements HttpParameterCodec {
  public encodeKey(key: string): string {
    return encodeURIComponent(key);
  }

  public encodeValue(value: string): string {
    return encodeURIComponent(value);
  }

  public decodeKey(key: string): string {
    return decodeURIComponent(key);
  }

  public decodeValue(value: string): string {
    return decodeURIComponent(value);
  }
}

export type QueryValue = string | number | boolean | null | undefined;

/** Query parameters with the strict codec; empty, null and undefined values are left out. */
export function strictParams(query: object): HttpParams {
  let params = new HttpParams({ encoder: new StrictParamCodec() });
  for (const [key, value] of Object.entries(query as Record<string, QueryValue>)) {
    if (value !== undefined && value !== null && value !== '') {
      params = params.set(key, String(value));
    }
  }
  return params;
}
