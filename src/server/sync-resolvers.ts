import { getNamedType, isEnumType, isObjectType, isScalarType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { AuthorizationError, getMetadataStorage, type AuthCheckerFn } from "type-graphql";
import type { HubContext } from "./context.js";

/**
 * type-graphql runs every field resolver through its middleware chain as async functions — the
 * auth check, the personal-data guard, argument validation — so each value of a field costs half
 * a dozen promises even when the resolver has its answer at hand. A Q1 tree (bench/RESULTS.md)
 * has ~2 600 relation fields answered from one shaped read: the chain was a fifth of the
 * request's CPU.
 *
 * After the schema is built, this replaces the resolve function of each field resolver whose
 * chain is exactly what the hub declares — the roles of its `@Authorized` (checked by the same
 * `authChecker`) and the global guard — by one that runs the same checks in the same order, the
 * same resolver method, and the same guard, synchronously whenever the method answers
 * synchronously. A resolver with anything else (its own middleware, validated or input-object
 * arguments, a custom parameter) keeps type-graphql's chain.
 */

/** What the chain runs on a field's value after the resolver (the personal-data guard's decision). */
export type Disclose = (context: HubContext, value: unknown) => unknown;

interface ParamMetadata {
  readonly kind: string;
  readonly index: number;
  readonly name?: string;
  readonly propertyName?: string;
  readonly getType?: unknown;
  readonly validateSettings?: unknown;
  readonly validateFn?: unknown;
}

interface FieldResolverMetadata {
  readonly kind: "internal" | "external";
  readonly target: new () => Record<string, (...args: unknown[]) => unknown>;
  readonly methodName: string;
  readonly schemaName: string;
  readonly getObjectType?: () => unknown;
  readonly params?: readonly ParamMetadata[];
  readonly roles?: readonly string[];
  readonly middlewares?: readonly unknown[];
}

interface TypeMetadata {
  readonly target: unknown;
  readonly name: string;
}

type ParamReader = (root: unknown, args: Record<string, unknown>, context: HubContext, info: GraphQLResolveInfo) => unknown;

/** How to read each parameter of the method, or null when one needs type-graphql's own conversion. */
function paramReaders(params: readonly ParamMetadata[], argTypes: ReadonlyMap<string, unknown>): ParamReader[] | null {
  const readers: ParamReader[] = [];
  for (const param of [...params].sort((a, b) => a.index - b.index)) {
    if (param.kind === "root" && !param.propertyName && !param.getType) readers.push((root) => root);
    else if (param.kind === "context" && !param.propertyName) readers.push((_root, _args, context) => context);
    else if (param.kind === "info") readers.push((_root, _args, _context, info) => info);
    else if (param.kind === "arg" && param.name && param.validateSettings === undefined && param.validateFn === undefined && isPlainArgType(argTypes.get(param.name))) {
      const name = param.name;
      readers.push((_root, args) => args[name]);
    } else return null;
  }
  return readers;
}

/** Scalars and enums (and lists of them) reach the method as graphql-js coerced them; type-graphql converts only input objects. */
function isPlainArgType(type: unknown): boolean {
  if (type === undefined) return false;
  const named = getNamedType(type as Parameters<typeof getNamedType>[0]);
  return isScalarType(named) || isEnumType(named);
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

/**
 * Replaces, in place, the resolvers of `schema` that qualify (see above). `globalMiddlewareCount`
 * is the number of global middlewares the schema was built with: the replacement is only right
 * when `disclose` is the whole of them.
 */
export function makeFieldResolversSynchronous(schema: GraphQLSchema, authChecker: AuthCheckerFn<HubContext>, disclose: Disclose, globalMiddlewareCount: number): number {
  if (globalMiddlewareCount !== 1) return 0;
  const storage = getMetadataStorage() as unknown as { fieldResolvers: readonly FieldResolverMetadata[]; objectTypes: readonly TypeMetadata[]; interfaceTypes: readonly TypeMetadata[] };
  const typeName = new Map<unknown, string>([...storage.objectTypes, ...storage.interfaceTypes].map((type) => [type.target, type.name]));
  // Field resolvers by the GraphQL type (object or interface) they resolve a field of.
  const byType = new Map<string, FieldResolverMetadata[]>();
  for (const resolver of storage.fieldResolvers) {
    const owner = resolver.getObjectType ? typeName.get(resolver.getObjectType()) : undefined;
    if (owner) byType.set(owner, [...(byType.get(owner) ?? []), resolver]);
  }
  const instances = new Map<unknown, Record<string, (...args: unknown[]) => unknown>>();
  let replaced = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const owners = [type.name, ...type.getInterfaces().map((face) => face.name)];
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve) continue;
      const candidates = owners.flatMap((owner) => (byType.get(owner) ?? []).filter((resolver) => resolver.schemaName === field.name));
      // Exactly one resolver, from outside the type's class, with no middleware of its own.
      if (candidates.length !== 1) continue;
      const [metadata] = candidates as [FieldResolverMetadata];
      if (metadata.kind !== "external" || (metadata.middlewares?.length ?? 0) > 0) continue;
      const readers = paramReaders(metadata.params ?? [], new Map(field.args.map((arg) => [arg.name, arg.type])));
      if (!readers) continue;
      let instance = instances.get(metadata.target);
      if (!instance) {
        // type-graphql's default container makes one instance per resolver class, as this does.
        instance = new metadata.target();
        instances.set(metadata.target, instance);
      }
      const method = instance[metadata.methodName];
      if (typeof method !== "function") continue;
      const roles = metadata.roles;
      const target = instance;
      const resolve: GraphQLFieldResolver<unknown, HubContext, Record<string, unknown>> = (root, args, context, info) => {
        if (roles) {
          const granted = authChecker({ root, args, context, info }, [...roles]);
          // The hub's checker answers synchronously (true, or it throws FORBIDDEN); anything else is type-graphql's to judge.
          if (isPromise(granted)) throw new Error("authChecker must answer synchronously");
          if (!granted) throw new AuthorizationError();
        }
        const value = method.apply(target, readers.map((read) => read(root, args, context, info)));
        return isPromise(value) ? value.then((resolved) => disclose(context, resolved)) : disclose(context, value);
      };
      field.resolve = resolve as typeof field.resolve;
      replaced++;
    }
  }
  return replaced;
}
