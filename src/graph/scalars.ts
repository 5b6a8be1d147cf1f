import { GraphQLLocalDate, GraphQLNonNegativeFloat, GraphQLNonNegativeInt } from "graphql-scalars";

/** Calendar dates (YYYY-MM-DD): validFrom, validTo, asOf. */
export const LocalDate = GraphQLLocalDate;
/** Member counts and the like. */
export const NonNegativeInt = GraphQLNonNegativeInt;
/** Areas in square metres. */
export const NonNegativeFloat = GraphQLNonNegativeFloat;
