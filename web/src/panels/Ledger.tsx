import { useQuery } from "urql";
import { COVERAGE, GAPS, LEDGER } from "../queries";
import { todayIso, type View } from "../state";
import { DataTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { NeedsAnalyst, QueryState } from "../ui/Status";
import { DownloadButton } from "../ui/Download";
import { MEASURES, type Figures, type Rate } from "./Coverage";

interface Ref {
  code: string;
  name: string;
}
interface OrganisationRow extends Ref {
  kind: string;
  form: string;
  formalMembers: number;
  builtAt: Ref[];
  leaders: { line: string; leader: Ref }[];
}

/** The CSV exports a community files, with the parameters of this view. */
const LEDGER_REPORTS = ["coverage", "new-organisations", "compounds-without-branch", "buildings-without-group", "units-without-own-organisation", "dual-leadership", "rule-breaches"] as const;

/** A community's organisation network and coverage as of a date, laid out for A4 paper (臺帳). */
export function LedgerPanel({ view }: { view: View }) {
  const { t, f } = useI18n();
  const session = useSession();
  const named = mayReadNamed(session);
  const [coverage] = useQuery({ query: COVERAGE, variables: { scope: view.scope, asOf: view.date } });
  const [organisations] = useQuery({ query: LEDGER, variables: { scope: view.scope, asOf: view.date }, pause: !named });
  const [gaps] = useQuery({ query: GAPS, variables: { scope: view.scope, asOf: view.date }, pause: !named });
  const report = coverage.data?.coverage as { scope: Ref; totals: Figures; breakdown: Figures[]; newOrganisations: { units: number; organisational: Rate; own: Rate; work: Rate } } | undefined;
  const rows = ((organisations.data?.organisations.edges ?? []) as { node: OrganisationRow }[]).map((edge) => edge.node);
  const compounds = (gaps.data?.coverage.compoundsWithoutBranch.edges ?? []) as { node: { place: Ref; responsible: Ref | null } }[];
  const params = { scope: view.scope, asOf: view.date };
  const rate = (value: Rate) => `${f.number(value.covered)} / ${f.number(value.total)} (${f.percent(value.rate)})`;
  return (
    <article className="ledger" data-testid="ledger">
      <div className="no-print toolbar">
        <button type="button" onClick={() => print()} data-testid="print">
          {t("print")}
        </button>
        <span>{t("downloads")}:</span>
        {LEDGER_REPORTS.filter((report) => named || report === "coverage" || report === "new-organisations").map((report) => (
          <DownloadButton key={report} report={report} params={params} label={report} />
        ))}
      </div>
      <QueryState result={coverage} />
      {report ? (
        <>
          <header>
            <h2>
              {report.scope.name} · {t("ledgerTitle")}
            </h2>
            <p>
              {t("asOfDate")} {f.date(view.date)} · {t("printedOn")} {f.date(todayIso())} · <code>{report.scope.code}</code>
            </p>
          </header>
          <h3>{t("coverage")}</h3>
          <DataTable
            testId="ledger-coverage"
            table={{
              columns: [t("place"), ...MEASURES.map((measure) => t(measure))],
              rows: [...report.breakdown, report.totals].map((row, index) => [index === report.breakdown.length ? `${t("total")} · ${row.place.name}` : row.place.name, ...MEASURES.map((measure) => rate(row[measure]))]),
            }}
          />
          <h3>{t("newOrganisations")}</h3>
          <DataTable
            table={{
              columns: [t("units"), t("organisational"), t("own"), t("work")],
              rows: [[report.newOrganisations.units, rate(report.newOrganisations.organisational), rate(report.newOrganisations.own), rate(report.newOrganisations.work)]],
            }}
          />
        </>
      ) : null}
      {named ? (
        <>
          <h3>
            {t("organisations")} ({rows.length})
          </h3>
          <QueryState result={organisations} />
          <DataTable
            testId="ledger-organisations"
            table={{
              columns: [t("code"), t("name"), t("kind"), t("builtAt"), t("leader"), t("members")],
              rows: rows.map((row) => [row.code, row.name, row.kind, row.builtAt.map((place) => place.name).join("、") || "—", row.leaders.map((leader) => leader.leader.name).join("、") || "—", row.formalMembers]),
            }}
          />
          <h3>{t("compoundsWithoutBranch")}</h3>
          <DataTable table={{ columns: [t("code"), t("place"), t("responsible")], rows: compounds.map(({ node }) => [node.place.code, node.place.name, node.responsible?.name ?? "—"]) }} />
        </>
      ) : (
        <NeedsAnalyst what={t("organisations")} testId="ledger-refused" />
      )}
    </article>
  );
}
