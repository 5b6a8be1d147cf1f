import { useQuery } from "urql";
import { BUILDING_GAPS, COMPOUND_GAPS, COVERAGE, LEDGER, UNITS_WITHOUT_OWN } from "../queries";
import { todayIso, type View } from "../state";
import { DataTable, type ChartTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { NeedsAnalyst, QueryState } from "../ui/Status";
import { DownloadButton } from "../ui/Download";
import { usePaged, type Connection, type Paged } from "../ui/paging";
import { saveCsv } from "../csv";
import { MEASURES, pickBuildingGaps, pickCompoundGaps, pickUnitsWithoutOwn, type Figures, type GapNode, type Rate } from "./Coverage";

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

/** A community's organisation network and coverage as of a date, laid out for A4 paper (臺帳): every row of every list. */
export function LedgerPanel({ view }: { view: View }) {
  const { t, f, k } = useI18n();
  const session = useSession();
  const named = mayReadNamed(session);
  const [coverage] = useQuery({ query: COVERAGE, variables: { scope: view.scope, asOf: view.date } });
  const variables = { scope: view.scope, asOf: view.date };
  // A ledger is filed whole: every page of every list is read before it is printed.
  const paging = { all: true, pause: !named };
  const organisations = usePaged(LEDGER, variables, (data) => (data as { organisations?: Connection<OrganisationRow> } | undefined)?.organisations, paging);
  const compounds = usePaged(COMPOUND_GAPS, variables, pickCompoundGaps, paging);
  const buildings = usePaged(BUILDING_GAPS, variables, pickBuildingGaps, paging);
  const units = usePaged(UNITS_WITHOUT_OWN, variables, pickUnitsWithoutOwn, paging);
  const report = coverage.data?.coverage as { scope: Ref; totals: Figures; breakdown: Figures[]; newOrganisations: { units: number; organisational: Rate; own: Rate; work: Rate } } | undefined;
  const complete = !named || [organisations, compounds, buildings, units].every((list) => list.complete && !list.fetching);
  const rate = (value: Rate) => `${f.number(value.covered)} / ${f.number(value.total)} (${f.percent(value.rate)})`;
  const organisationTable = {
    columns: [t("code"), t("name"), t("kind"), t("builtAt"), t("leader"), t("members")],
    rows: organisations.nodes.map((row) => [
      row.code,
      row.name,
      k(row.kind),
      row.builtAt.map((place) => place.name).join("、") || "—",
      row.leaders.map((leader) => leader.leader.name).join("、") || "—",
      f.number(row.formalMembers),
    ]),
  };
  const gapTable = (nodes: GapNode[]) => ({ columns: [t("code"), t("place"), t("responsible")], rows: nodes.map((node) => [node.place.code, node.place.name, node.responsible?.name ?? "—"]) });
  return (
    <article className="ledger" data-testid="ledger" data-complete={complete}>
      <div className="no-print toolbar">
        <button type="button" onClick={() => print()} data-testid="print" disabled={!complete}>
          {complete ? t("print") : t("loadingAll")}
        </button>
        <span>{t("downloads")}:</span>
        {LEDGER_REPORTS.filter((name) => named || name === "coverage" || name === "new-organisations").map((name) => (
          <DownloadButton key={name} report={name} params={variables} label={name} />
        ))}
        {named ? (
          <button
            type="button"
            className="download"
            data-testid="organisations-csv"
            disabled={!organisations.complete}
            onClick={() =>
              saveCsv(`organisations-${view.scope}-${view.date}.csv`, {
                columns: [t("code"), t("name"), t("kind"), t("form"), `${t("builtAt")} (${t("code")})`, `${t("leader")} (${t("code")})`, t("members")],
                rows: organisations.nodes.map((row) => [
                  row.code,
                  row.name,
                  row.kind,
                  row.form,
                  row.builtAt.map((place) => place.code).join(" "),
                  row.leaders.map((leader) => leader.leader.code).join(" "),
                  row.formalMembers,
                ]),
              })
            }
          >
            organisations
          </button>
        ) : null}
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
              rows: [[f.number(report.newOrganisations.units), rate(report.newOrganisations.organisational), rate(report.newOrganisations.own), rate(report.newOrganisations.work)]],
            }}
          />
        </>
      ) : null}
      {named ? (
        <>
          <LedgerList title={t("organisations")} paged={organisations} table={organisationTable} testId="ledger-organisations" />
          <LedgerList title={t("compoundsWithoutBranch")} paged={compounds} table={gapTable(compounds.nodes)} testId="ledger-compounds" />
          <LedgerList title={t("buildingsWithoutGroup")} paged={buildings} table={gapTable(buildings.nodes)} testId="ledger-buildings" />
          <LedgerList
            title={t("unitsWithoutOwn")}
            paged={units}
            testId="ledger-units"
            table={{
              columns: [t("code"), t("name"), t("members"), t("place")],
              rows: units.nodes.map((node) => [node.code, node.name, node.formalPartyMembers === null ? "—" : f.number(node.formalPartyMembers), node.location?.name ?? "—"]),
            }}
          />
        </>
      ) : (
        <NeedsAnalyst what={t("organisations")} testId="ledger-refused" />
      )}
    </article>
  );
}

/** One list of the ledger, every row, with its count (and a note while rows are still coming). */
function LedgerList<Node>({ title, paged, table, testId }: { title: string; paged: Paged<Node>; table: ChartTable; testId: string }) {
  const { t, f } = useI18n();
  return (
    <section aria-label={title}>
      <h3>
        {title} ({paged.totalCount === undefined ? "…" : f.number(paged.totalCount)})
      </h3>
      <QueryState result={{ fetching: paged.fetching, error: paged.error, data: paged.totalCount }} />
      <DataTable testId={testId} table={table} />
      {paged.fetching && paged.totalCount !== undefined ? (
        <p className="status no-print">
          {t("loading")} {f.number(paged.nodes.length)} / {f.number(paged.totalCount)}
        </p>
      ) : null}
    </section>
  );
}
