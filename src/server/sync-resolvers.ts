import { getNamedType, isEnumType, isInterfaceType, isObjectType, isScalarType, isUnionType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
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
 * synchronously. Plain property fields (a report's `covered` and `total`, ~300 in one coverage
 * breakdown) get the same: the role, the property, the guard. A field with anything else (its own
 * middleware, validated or input-object arguments, a custom parameter) keeps type-graphql's chain.
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

/** A plain property field of an object or interface type (no resolver of its own). */
interface PropertyFieldMetadata {
  readonly name: string;
  readonly schemaName: string;
  readonly roles?: readonly string[];
  readonly middlewares?: readonly unknown[];
}

interface TypeMetadata {
  readonly target: unknown;
  readonly name: string;
  readonly fields?: readonly PropertyFieldMetadata[];
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
 * Replaces, in place, the resolvers of `schema` that qualify (see above), finding each field's
 * resolver as type-graphql does: the field's declaration (the type's own, else an interface's) and
 * the resolver class among `resolvers` that resolves that declaration's property. `globalMiddlewareCount`
 * is the number of global middlewares the schema was built with: the replacement is only right
 * when `disclose` is the whole of them.
 */
export function makeFieldResolversSynchronous(
  schema: GraphQLSchema,
  resolvers: readonly unknown[],
  authChecker: AuthCheckerFn<HubContext>,
  disclose: Disclose,
  globalMiddlewareCount: number,
): number {
  if (globalMiddlewareCount !== 1) return 0;
  const storage = getMetadataStorage() as unknown as { fieldResolvers: readonly FieldResolverMetadata[]; objectTypes: readonly TypeMetadata[]; interfaceTypes: readonly TypeMetadata[] };
  const types = [...storage.objectTypes, ...storage.interfaceTypes];
  const typeName = new Map<unknown, string>(types.map((type) => [type.target, type.name]));
  // Two classes under one GraphQL name would make the look-ups below ambiguous: leave everything to type-graphql.
  if (new Set(types.map((type) => type.name)).size !== types.length) return 0;
  const properties = new Map<string, readonly PropertyFieldMetadata[]>(types.map((type) => [type.name, type.fields ?? []]));
  // Field resolvers of the classes the schema was built from, by the GraphQL type whose property they resolve.
  const byType = new Map<string, FieldResolverMetadata[]>();
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== "internal" && !resolvers.includes(resolver.target)) continue;
    const owner = resolver.getObjectType ? typeName.get(resolver.getObjectType()) : undefined;
    if (owner) byType.set(owner, [...(byType.get(owner) ?? []), resolver]);
  }
  const instances = new Map<unknown, Record<string, (...args: unknown[]) => unknown>>();
  let replaced = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve) continue;
      const owner = [type.name, ...type.getInterfaces().map((face) => face.name)].find((name) => properties.get(name)?.some((property) => property.schemaName === field.name));
      const declared = owner ? properties.get(owner)!.find((property) => property.schemaName === field.name)! : undefined;
      if (!owner || !declared) continue;
      const found = (byType.get(owner) ?? []).filter((resolver) => resolver.methodName === declared.name);
      const resolve =
        found.length === 0
          ? (declared.middlewares?.length ?? 0) === 0
            ? propertyResolver(declared, authChecker, disclose)
            : null
          : found.length === 1
            ? methodResolver(found[0]!, field.args, instances, authChecker, disclose)
            : null;
      if (!resolve) continue;
      field.resolve = resolve as typeof field.resolve;
      replaced++;
    }
  }
  return replaced;
}

type Resolve = GraphQLFieldResolver<unknown, HubContext, Record<string, unknown>>;

/** The role check of `@Authorized(roles)`, as type-graphql's AuthMiddleware makes it, synchronously. */
function authorise(authChecker: AuthCheckerFn<HubContext>, roles: readonly string[] | undefined, root: unknown, args: Record<string, unknown>, context: HubContext, info: GraphQLResolveInfo): void {
  if (!roles) return;
  const granted = authChecker({ root, args, context, info }, [...roles]);
  // The hub's checker answers synchronously (true, or it throws FORBIDDEN).
  if (isPromise(granted)) throw new Error("authChecker must answer synchronously");
  if (!granted) throw new AuthorizationError();
}

function propertyResolver(property: PropertyFieldMetadata, authChecker: AuthCheckerFn<HubContext>, disclose: Disclose): Resolve {
  const { name, roles } = property;
  return (root, args, context, info) => {
    authorise(authChecker, roles, root, args, context, info);
    return disclose(context, (root as Record<string, unknown>)[name]);
  };
}

function methodResolver(
  metadata: FieldResolverMetadata,
  args: readonly { readonly name: string; readonly type: unknown }[],
  instances: Map<unknown, Record<string, (...args: unknown[]) => unknown>>,
  authChecker: AuthCheckerFn<HubContext>,
  disclose: Disclose,
): Resolve | null {
  // A resolver from outside the type's class, with no middleware of its own and plain parameters.
  if (metadata.kind !== "external" || (metadata.middlewares?.length ?? 0) > 0) return null;
  const readers = paramReaders(metadata.params ?? [], new Map(args.map((arg) => [arg.name, arg.type])));
  if (!readers) return null;
  let instance = instances.get(metadata.target);
  if (!instance) {
    // type-graphql's default container makes one instance per resolver class, as this does.
    instance = new metadata.target();
    instances.set(metadata.target, instance);
  }
  const method = instance[metadata.methodName];
  if (typeof method !== "function") return null;
  const { roles } = metadata;
  const target = instance;
  return (root, args, context, info) => {
    authorise(authChecker, roles, root, args, context, info);
    const value = method.apply(target, readers.map((read) => read(root, args, context, info)));
    return isPromise(value) ? value.then((resolved) => disclose(context, resolved)) : disclose(context, value);
  };
}

interface AbstractTypeMetadata {
  readonly name: string;
  readonly resolveType?: (value: unknown, ...rest: unknown[]) => unknown;
}

/**
 * type-graphql wraps every interface's and union's `resolveType` in an async function, so each
 * value of an abstract field waits on a promise, and an executor that expects the type name at
 * once (graphql-jit, src/server/executor.ts) gets none. The hub's own `resolveType`s answer with a
 * type name synchronously; this puts each back in place of its wrapper, keeping the wrapper for
 * any that answers with a promise or a class.
 */
export function makeTypeResolversSynchronous(schema: GraphQLSchema): number {
  const storage = getMetadataStorage() as unknown as { interfaceTypes: readonly AbstractTypeMetadata[]; unions: readonly AbstractTypeMetadata[] };
  let replaced = 0;
  for (const declared of [...storage.interfaceTypes, ...storage.unions]) {
    const type = schema.getType(declared.name);
    const own = declared.resolveType;
    if (!own || !type || !(isInterfaceType(type) || isUnionType(type)) || !type.resolveType) continue;
    const wrapped = type.resolveType;
    type.resolveType = (value, context, info, abstractType) => {
      const name = own(value, context, info, abstractType);
      return typeof name === "string" ? name : wrapped(value, context, info, abstractType);
    };
    replaced++;
  }
  return replaced;
}
