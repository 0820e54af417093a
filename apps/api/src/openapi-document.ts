import { HttpStatus, INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { AppConfig } from './services/config/app-config';

/**
 * The OpenAPI document the API serves at /api/docs, built from the controllers' decorators.
 * The CLI's `openapi` command builds the same document without listening, for `npm run lint:openapi`.
 */
export function createOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call recordings API')
      .setDescription('Capture, store, play, audit and retain Twilio call recordings')
      .setVersion('1.0')
      .setLicense('MIT', 'https://opensource.org/license/mit')
      .addServer(config.publicBaseUrl)
      .addBearerAuth()
      .build(),
  );
  addSuccessResponses(document, successStatuses(app));
  return document;
}

/**
 * Nest declares a route's success answer only when the route declares no answer at all, and every
 * route declares its errors (the access decorators add 401/403). So the success answer Nest would
 * have declared is added here: the route's @HttpCode, else 201 for POST, else 200.
 */
function addSuccessResponses(document: OpenAPIObject, statuses: Map<string, number>): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head'] as const) {
      const operation = pathItem[method];
      const status = operation?.operationId ? statuses.get(operation.operationId) : undefined;
      if (!operation || !status || Object.keys(operation.responses).some((code) => code.startsWith('2'))) continue;
      operation.responses = { [status]: { description: STATUS_CODES[status] ?? '' }, ...operation.responses };
    }
  }
}

/** Success status of every route, by Nest's default operationId (`<Controller>_<method>`). */
function successStatuses(app: INestApplication): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        statuses.set(`${metatype.name}_${key}`, httpCode ?? (requestMethod === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK));
      }
    }
  }
  return statuses;
}
