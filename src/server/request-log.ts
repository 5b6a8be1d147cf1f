import type { ApolloServerPlugin } from "@apollo/server";
import { writtenOperationName } from "../metrics/index.js";
import type { HubContext } from "./context.js";

/**
 * One log line per GraphQL request: its operation name, outcome and time, under the request's own
 * logger (request id, subject, role). Never its variables or its answer: those may hold personal data.
 */
export function requestLogPlugin(): ApolloServerPlugin<HubContext> {
  return {
    requestDidStart: async () => {
      const started = performance.now();
      return {
        willSendResponse: async ({ request, operationName, document, response, contextValue, errors }) => {
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...new Set((errors ?? body?.errors ?? []).map((error) => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR")))];
          contextValue.logger.info(
            { operation: writtenOperationName(request, operationName, document), outcome: codes.length === 0 ? "OK" : codes.join(","), ms: Math.round(performance.now() - started) },
            "graphql request",
          );
        },
      };
    },
  };
}
