import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ApiOkResponse, DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Public } from '@tongxin/accounts';
import { ApiErrorDto } from '@tongxin/common';
import type { Env } from '@tongxin/config';
import { collectDuplicateWarnings, schemaNameCollisions } from './openapi-names';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A 200 whose body is a file (a download, an image, a page) in one of these media types, not JSON. */
export const ApiFileResponse = (description: string, ...mediaTypes: string[]) =>
  ApiOkResponse({
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  });

/**
 * The OpenAPI document of the JSON API (served at /api/docs-json, linted by `npm run lint:openapi`). Every operation
 * needs a bearer token (and may answer 401) unless its handler or controller is @Public(): those get `security: []`.
 * Both are read from the metadata AuthGuard reads, so the document cannot disagree with the guard.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const extraModels = [ApiErrorDto];
  const { result: document, duplicates } = collectDuplicateWarnings(() =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Tongxin 同心 API')
        .setDescription(
          'Workshops and online classes for social organizations. Errors are {statusCode, code, message}.',
        )
        .setVersion('1')
        .setLicense('MIT', 'https://opensource.org/licenses/MIT')
        .addServer(config.get('PUBLIC_URL', { infer: true }))
        .addBearerAuth()
        .addSecurityRequirements('bearer')
        .build(),
      { extraModels },
    ),
  );
  // Two classes of one name would share one schema, so a route would be documented with another DTO's shape.
  const collisions = [...new Set([...schemaNameCollisions(app, extraModels), ...duplicates])];
  if (collisions.length > 0) {
    throw new Error(
      `OpenAPI: each schema name must belong to one class; give these unique names: ${collisions.join('; ')}`,
    );
  }
  const publicOperations = publicOperationIds(app);
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (operation.operationId && publicOperations.has(operation.operationId)) {
        operation.security = [];
      } else {
        operation.responses['401'] ??= {
          description: 'UNAUTHORIZED: no valid bearer token',
          content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } },
        };
      }
    }
  }
  return document;
}

/** `<Controller>_<method>` (Swagger's operation ids) of every handler AuthGuard lets through without a token. */
function publicOperationIds(app: INestApplication): Set<string> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const key = Public().KEY; // the metadata key @Public() sets, as AuthGuard reads it
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, (...args: unknown[]) => unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        if (reflector.getAllAndOverride<boolean>(key, [prototype[name], metatype])) ids.add(`${metatype.name}_${name}`);
      }
    }
  }
  return ids;
}
