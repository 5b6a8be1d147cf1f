import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, getNamedType, isInputObjectType, isInputType, isNonNullType, printSchema, typeFromAST, type DocumentNode, type GraphQLInputObjectType, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/**
 * How the hub executes an operation once Apollo has parsed, validated and limited it.
 *
 * graphql-js walks the response field by field with generic code: for a Q1 tree (bench/RESULTS.md,
 * ~2 600 entities, 190 KB) that walk — argument coercion, type checks and one completion call per
 * value — was most of the hub's CPU above raw Cypher. graphql-jit compiles each operation once into
 * a function specialised to its selection and runs that instead: the same resolvers, the same
 * context, the same errors, in a fraction of the time.
 *
 * Apollo Server 5 has no executor option; its documented way in is the `gateway` interface, which
 * hands Apollo the schema (Apollo still parses, validates and runs every plugin) and this executor.
 * Compiled operations are kept per parsed document (Apollo caches documents per query string) and
 * per operation name; a document graphql-jit cannot compile runs on graphql-js, so no operation
 * depends on the compiler's coverage of the language.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const executor = jitExecutor(schema);
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}

type Compiled = CompiledQuery | null;

/**
 * Whether a variable of `type` can hold an input object with a required field that has a default.
 * graphql-jit's variable coercion refuses such a field when it is left out, where the spec (and
 * graphql-js) takes the default: `setLeadership(input: { … })` without `line`, for one. Operations
 * with such a variable run on graphql-js.
 */
function holdsDefaultedRequiredField(type: GraphQLInputType, seen = new Set<GraphQLInputObjectType>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named)) return false;
  seen.add(named);
  return Object.values(named.getFields()).some((field) => (isNonNullType(field.type) && field.defaultValue !== undefined) || holdsDefaultedRequiredField(field.type, seen));
}

function jitCanRun(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).every((definition) => {
    const type = typeFromAST(schema, definition.type);
    return type !== undefined && isInputType(type) && !holdsDefaultedRequiredField(type);
  });
}

export function jitExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): Compiled => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? "";
    if (!byOperation.has(key)) {
      const result = jitCanRun(schema, operation) ? compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true }) : null;
      byOperation.set(key, result && isCompiledQuery(result) ? result : null);
    }
    return byOperation.get(key)!;
  };
  return async (request) => {
    const variables = request.request.variables ?? {};
    // The operation name the client sent (request.operationName is Apollo's resolution of it, null when none matched).
    const graphqlJs = () => execute({ schema, document: request.document, operationName: request.request.operationName, variableValues: variables, contextValue: request.context });
    // No such operation in the document: graphql-js says so in its words (Apollo's OPERATION_RESOLUTION_FAILURE).
    const operation = request.operation as OperationDefinitionNode | undefined;
    if (!operation) return graphqlJs();
    const run = compiledFor(request.document, operation, request.operationName);
    if (!run) return graphqlJs();
    const result = await run.query(undefined, request.context, variables);
    // A result without a \`data\` key is the compiled function refusing the variables before any
    // resolver ran: graphql-js judges them again, so a bad one is refused in graphql-js's words
    // (Apollo's BAD_USER_INPUT) whichever executor ran. Anything else — \`data: null\` included —
    // ran: running it again would repeat a mutation. Coercing every request twice cost the hot path.
    return "data" in result ? result : graphqlJs();
  };
}
