import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "The running hub and the Neo4j it talks to." })
export class About {
  @Field(() => String, { description: "Version of dangjian-hub (package.json)." })
  hubVersion!: string;

  @Field(() => String, { description: "Version reported by Neo4j (dbms.components)." })
  neo4jVersion!: string;

  @Field(() => String, { description: "Neo4j edition, for example community or enterprise." })
  neo4jEdition!: string;

  @Field(() => Boolean, { description: "True when the hub started its own local Neo4j; false for an external NEO4J_URI." })
  localNeo4j!: boolean;

  @Field(() => Boolean, { description: "True when every schema migration is recorded as applied, checked now." })
  migrated!: boolean;
}
