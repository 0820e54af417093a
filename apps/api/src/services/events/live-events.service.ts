import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { LiveEvent } from '@callrec/contracts';
import type Redis from 'ioredis';
import { Observable, Subject } from 'rxjs';
import { RedisService } from '../redis/redis.service';
import { errorMessage } from '../../common/errors/error-message';

const CHANNEL = 'callrec:live-events';

/**
 * Fans `call.updated` / `recording.stored` out to every API replica through Redis pub/sub,
 * so a worker that stores a recording reaches the browsers connected to any replica.
 */
@Injectable()
export class LiveEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(LiveEventsService.name);
  private readonly subject = new Subject<LiveEvent>();
  private subscriber?: Redis;

  public constructor(private readonly redis: RedisService) {}

  public async publish(event: LiveEvent): Promise<void> {
    try {
      await this.redis.client.publish(CHANNEL, JSON.stringify(event));
    } catch (error) {
      // A missed live update only delays a grid refresh; never fail the work for it.
      this.logger.warn(`Could not publish ${event.type}: ${errorMessage(error)}`);
    }
  }

  public get events$(): Observable<LiveEvent> {
    if (!this.subscriber) {
      this.subscriber = this.redis.createClient('live-events');
      void this.subscriber.subscribe(CHANNEL);
      this.subscriber.on('message', (_channel: string, message: string) => {
        try {
          this.subject.next(JSON.parse(message) as LiveEvent);
        } catch {
          this.logger.warn('Ignored a malformed live event');
        }
      });
    }
    return this.subject.asObservable();
  }

  public onModuleDestroy(): void {
    this.subject.complete();
  }
}
