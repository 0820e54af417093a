import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AppConfig } from '../../../services/config/app-config';

/**
 * Recognises Prometheus by METRICS_TOKEN sent as a bearer token. Both sides are hashed first so
 * the comparison takes the same time whatever the presented token's length or content: a
 * scraper-facing port must not leak the token one byte at a time.
 */
@Injectable()
export class MetricsTokenChecker {
  private readonly expected: Buffer | null;

  public constructor(config: AppConfig) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  public presentedIn(headers: IncomingHttpHeaders): boolean {
    if (!this.expected) return false;
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
    // Hash even when there is nothing to compare, so a missing header costs the same.
    const presented = digest(match?.[1] ?? '');
    return timingSafeEqual(presented, this.expected);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
