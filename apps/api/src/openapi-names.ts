import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';

type Class = Type<unknown>;

/**
 * Schema names that more than one class would take in the OpenAPI document. @nestjs/swagger names a schema after its
 * class and keeps whichever class it meets first: a second class of the same name is dropped without a word when it is
 * only a property's type, and with a mere warning otherwise, so a route ends up documented with another DTO's shape.
 * This walks every model the document can reach (handlers' parameters and responses, extra models, properties, and
 * the models those name) by swagger's own metadata and reports each name borne by two classes or more.
 */
export function schemaNameCollisions(app: INestApplication, extraModels: Class[]): string[] {
  const byName = new Map<string, Set<Class>>();
  const seen = new Set<Class>();
  const visit = (type: unknown): void => {
    if (Array.isArray(type)) return type.forEach(visit);
    if (typeof type !== 'function') return;
    // A lazy type (`type: () => Dto`) is an arrow function: it has no prototype.
    if (!type.prototype) return visit((type as () => unknown)());
    const model = type as Class;
    const properties = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, model.prototype) as
      string[] | undefined;
    if (!properties || seen.has(model)) return;
    seen.add(model);
    const name = schemaName(model);
    byName.set(name, (byName.get(name) ?? new Set()).add(model));
    visitAll(Reflect.getMetadata(DECORATORS.API_EXTRA_MODELS, model));
    for (const key of properties) {
      const property = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, model.prototype, key.slice(1)) as
        { type?: unknown; items?: { type?: unknown } } | undefined;
      visit(property?.type);
      visit(property?.items?.type);
    }
  };
  const visitAll = (types: unknown) => (Array.isArray(types) ? types.forEach(visit) : undefined);

  visitAll(extraModels);
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      visitAll(Reflect.getMetadata(DECORATORS.API_EXTRA_MODELS, metatype));
      const prototype = metatype.prototype as Record<string, object>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method]!;
        visitAll(Reflect.getMetadata('design:paramtypes', prototype, method));
        visitAll(Reflect.getMetadata(DECORATORS.API_EXTRA_MODELS, handler));
        const parameters = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as { type?: unknown }[];
        for (const parameter of parameters) visit(parameter.type);
        const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<
          string,
          { type?: unknown }
        >;
        for (const response of Object.values(responses)) visit(response.type);
      }
    }
  }
  return [...byName].filter(([, classes]) => classes.size > 1).map(([name]) => name);
}

function schemaName(model: Class): string {
  const schemas = (Reflect.getOwnMetadata(DECORATORS.API_SCHEMA, model) ?? []) as { name?: string }[];
  return schemas[schemas.length - 1]?.name ?? model.name;
}

/**
 * Runs build, collecting the "Duplicate DTO detected" warnings @nestjs/swagger logs while it builds the document
 * (a name two different schemas claimed), and passing any other warning on.
 */
export function collectDuplicateWarnings<T>(build: () => T): { result: T; duplicates: string[] } {
  const warn = Logger.warn;
  const duplicates: string[] = [];
  Logger.warn = (message: unknown, ...rest: unknown[]) => {
    if (typeof message === 'string' && message.startsWith('Duplicate DTO detected')) {
      duplicates.push(/"([^"]+)"/.exec(message)?.[1] ?? message);
    } else warn.call(Logger, message, ...rest);
  };
  try {
    return { result: build(), duplicates };
  } finally {
    Logger.warn = warn;
  }
}
