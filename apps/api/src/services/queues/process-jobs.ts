import type { Job, Queue } from 'bull';
import type { JobName } from './queues.constants';

export interface JobHandler<T = unknown> {
  name: JobName;
  /** Jobs of this name one worker runs at once (Bull adds up the handlers of a queue). */
  concurrency: number;
  handle(job: Job<T>): Promise<unknown>;
}

/**
 * The one way a processor takes jobs: Bull's `queue.process(name, concurrency, handler)` for
 * each of its queue's job names, called from the processor's onModuleInit. @nestjs/bull's
 * `@Process` would fix the concurrency when the class is declared, before AppConfig exists,
 * so concurrency comes from the config this way instead.
 */
export function processJobs(queue: Queue, handlers: readonly JobHandler[]): void {
  for (const handler of handlers) {
    // Not awaited, as @nestjs/bull does not: the promise settles only when the queue closes.
    void queue.process(handler.name, handler.concurrency, (job: Job) => handler.handle(job));
  }
}
