import { useMemo } from "react";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { authHeaders } from "../client";
import { useI18n, useSession } from "../ui/context";

const EXAMPLE = `# The dashboard's own questions, for example:
query Coverage($scope: String!, $asOf: LocalDate) {
  viewer { subject role }
  coverage(scope: $scope, asOf: $asOf) {
    totals { compoundsWithBranch { covered total rate } buildingsWithGroup { covered total rate } }
  }
}
`;

/** GraphiQL from npm (no CDN), with the schema's documentation, history and the signed-in token. */
export default function ExplorerPanel() {
  const { t } = useI18n();
  const { token } = useSession();
  const fetcher = useMemo(() => createGraphiQLFetcher({ url: "/graphql", headers: authHeaders(token) }), [token]);
  return (
    <section className="explorer" aria-label={t("explorer")} data-testid="explorer">
      <p className="hint">{t("explorerHelp")}</p>
      <div className="graphiql-host">
        <GraphiQL fetcher={fetcher} defaultQuery={EXAMPLE} initialVariables={JSON.stringify({ scope: "LHT", asOf: "2020-07-01" }, null, 2)} initialHeaders={JSON.stringify(authHeaders(token), null, 2)} />
      </div>
    </section>
  );
}
