import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from "graphql";

/**
 * What a GraphQL request asks for below one field, as plain data: per response key (alias or field
 * name) the field, its coerced arguments and, when it returns an object type, what is asked below
 * it. Shaped reads (src/graph/read-plan.ts) compile this into one Cypher statement that fetches
 * exactly these properties and relations, as @neo4j/graphql compiles a request to one query.
 */
export interface Selection {
  /** The object type the fields are selected on. */
  readonly type: string;
  readonly fields: ReadonlyMap<string, SelectedField>;
}

export interface SelectedField {
  /** The field's name in the schema (the response key may be an alias). */
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** What is selected below it, when it returns an object type (or a list of one). */
  readonly selection: Selection | null;
}

interface Context {
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly schema: GraphQLResolveInfo["schema"];
}

/** Whether @skip/@include leave the node in. */
function included(node: { directives?: readonly unknown[] | undefined } & Parameters<typeof getDirectiveValues>[1], context: Context): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, context.variables)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, node, context.variables)?.if === false) return false;
  return true;
}

/** Whether a fragment with this type condition applies to `type` (its own name or an interface it implements). */
function applies(condition: string | undefined, type: GraphQLObjectType): boolean {
  return condition === undefined || condition === type.name || type.getInterfaces().some((face) => face.name === condition);
}

/** The field nodes of each response key below `sets`, fragments spread, as graphql-js collects them. */
function collect(sets: readonly SelectionSetNode[], type: GraphQLObjectType, context: Context, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const node of set.selections) {
      if (!included(node, context)) continue;
      if (node.kind === Kind.FIELD) {
        const key = node.alias?.value ?? node.name.value;
        into.set(key, [...(into.get(key) ?? []), node]);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        if (applies(node.typeCondition?.name.value, type)) collect([node.selectionSet], type, context, into);
      } else {
        const fragment = context.fragments[node.name.value];
        if (fragment && applies(fragment.typeCondition.name.value, type)) collect([fragment.selectionSet], type, context, into);
      }
    }
  }
  return into;
}

/** The named object type a field returns, through lists and non-null; null for scalars, enums and abstract types. */
function objectTypeOf(type: unknown): GraphQLObjectType | null {
  let current = type as { ofType?: unknown };
  while (current && "ofType" in current && current.ofType) current = current.ofType as { ofType?: unknown };
  return isObjectType(current) ? current : null;
}

function selectionBelow(nodes: readonly FieldNode[], type: GraphQLObjectType, context: Context): Selection {
  const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  const fields = new Map<string, SelectedField>();
  const typeFields = type.getFields();
  for (const [key, fieldNodes] of collect(sets, type, context)) {
    const name = fieldNodes[0]!.name.value;
    const definition = typeFields[name];
    if (!definition) {
      fields.set(key, { name, args: {}, selection: null }); // __typename
      continue;
    }
    const below = objectTypeOf(definition.type);
    fields.set(key, {
      name,
      args: getArgumentValues(definition, fieldNodes[0]!, context.variables),
      selection: below ? selectionBelow(fieldNodes, below, context) : null,
    });
  }
  return { type: type.name, fields };
}

// graphql-js reuses one fieldNodes array for every item of a list within one execution, so the
// selection below a field is worked out once per request and field, not once per item.
const cache = new WeakMap<readonly FieldNode[], Selection | null>();

/**
 * What is selected below the field being resolved, on the object type it returns; null when it
 * returns no object type. Cached per field of one execution.
 */
export function selectionOf(info: GraphQLResolveInfo): Selection | null {
  const cached = cache.get(info.fieldNodes);
  if (cached !== undefined) return cached;
  const type = objectTypeOf(info.returnType);
  const selection = type ? selectionBelow(info.fieldNodes, type, { fragments: info.fragments, variables: info.variableValues, schema: info.schema }) : null;
  cache.set(info.fieldNodes, selection);
  return selection;
}

/**
 * The selections found below `selection` along `path` (field names, not response keys): one per
 * alias at each step, so `{ a: breakdown { place { code } } b: breakdown { place { name } } }`
 * gives both `place` selections.
 */
export function selectionsAt(selection: Selection | null, path: readonly string[]): Selection[] {
  if (!selection) return [];
  if (path.length === 0) return [selection];
  const [name, ...rest] = path;
  return [...selection.fields.values()].filter((field) => field.name === name).flatMap((field) => selectionsAt(field.selection, rest));
}
