import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ACCESS_KEY, RouteAccess } from '../../../common/decorators/access.decorator';

export interface RouteAccessEntry {
  controller: string;
  handler: string;
  /** e.g. GET */
  method: string;
  /** e.g. /recordings/:id/stream, without the global /api prefix */
  path: string;
  access: RouteAccess | undefined;
}

/**
 * Refuses to boot when a route does not say who may call it (@Public, @TwilioOnly,
 * @MetricsScrape, @Roles or @SignedIn), so a new endpoint can never be open by accident. The route table it builds is
 * also what the access-matrix test walks.
 */
@Injectable()
export class RouteAccessChecker implements OnApplicationBootstrap {
  public constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  public routes(): RouteAccessEntry[] {
    return this.discovery.getControllers().flatMap((wrapper) => {
      const instance = wrapper.instance as object | undefined;
      const metatype = wrapper.metatype;
      if (!instance || !metatype) return [];
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner
        .getAllMethodNames(prototype)
        .filter((name) => Reflect.hasMetadata(PATH_METADATA, (prototype as Record<string, object>)[name]))
        .map((name) => ({
          controller: metatype.name,
          handler: name,
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, (prototype as Record<string, object>)[name]) as number] ?? 'GET',
          path: joinPath(
            Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined,
            Reflect.getMetadata(PATH_METADATA, (prototype as Record<string, object>)[name]) as string | undefined,
          ),
          access: this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [
            (prototype as Record<string, () => unknown>)[name],
            metatype,
          ]) as RouteAccess | undefined,
        }));
    });
  }

  public onApplicationBootstrap(): void {
    const open = this.routes().filter((route) => !route.access);
    if (open.length > 0) {
      throw new Error(
        `Routes without an access rule: ${open.map((r) => `${r.controller}.${r.handler}`).join(', ')}. ` +
          'Add @Public(), @TwilioOnly(), @MetricsScrape(), @SignedIn() or @Roles(...).',
      );
    }
  }
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}
