import { useMemo } from "react";
import { useQuery } from "urql";
import { EVENTS, REPARENTED } from "../queries";
import type { View } from "../state";
import { Chart, DataTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { NeedsAnalyst, QueryState } from "../ui/Status";
import { PageFooter, usePaged, type Connection, type Paged } from "../ui/paging";

interface Ref {
  code: string;
  name: string;
}
interface ChangeEvent {
  code: string;
  kind: string;
  name: string;
  date: string;
  originals: Ref[];
  results: Ref[];
}
interface Compound extends Ref {
  kind: string;
  parentHistory: { validFrom: string; validTo: string | null; place: Ref }[];
}

/** The kinds of change event that move places from originals to results: the flow's links. */
const FLOW_KINDS = ["MERGER", "SPLIT", "SUCCESSION", "ABSORPTION", "TRANSFER"];

export const pickEvents = <Node,>(data: unknown) => (data as { changeEvents?: Connection<Node> } | undefined)?.changeEvents;

/** The compounds of one result of an event, on the event's date, with the parent each had the day before. */
function Reparented({ event, result: place }: { event: ChangeEvent; result: Ref }) {
  const [result] = useQuery({ query: REPARENTED, variables: { code: place.code, asOf: event.date } });
  const children = (result.data?.place?.children ?? []) as Compound[];
  const originals = new Set(event.originals.map((original) => original.code));
  const rows = children.flatMap((child) => {
    const before = child.parentHistory.find((link) => link.validTo === event.date && originals.has(link.place.code));
    return before ? [[child.code, child.name, before.place.name, place.name]] : [];
  });
  return rows.length > 0 ? <Rows rows={rows} /> : null;
}

function Rows({ rows }: { rows: string[][] }) {
  const { t } = useI18n();
  return <DataTable testId="reparented" table={{ columns: [t("code"), t("name"), t("formerParent"), t("newParent")], rows }} />;
}

/** Mergers and splits as a flow (originals → results), every change event as a table, compounds re-parented. */
export function LineagePanel({ view }: { view: View }) {
  const { t, f, k } = useI18n();
  const session = useSession();
  const named = mayReadNamed(session);
  // The flow needs every event that moves places; the table of all events is read a page at a time.
  const flowPages = usePaged(EVENTS, { kinds: FLOW_KINDS }, pickEvents<ChangeEvent>, { all: true, pause: !named });
  const eventPages = usePaged(EVENTS, { kinds: null }, pickEvents<ChangeEvent>, { pause: !named });
  const flows = flowPages.nodes;
  const events = eventPages.nodes;
  const option = useMemo(() => {
    const names = new Map<string, string>();
    const links: { source: string; target: string; value: number; event: string }[] = [];
    for (const event of flows) {
      for (const original of event.originals) names.set(original.code, original.name);
      for (const target of event.results) names.set(target.code, target.name);
      for (const original of event.originals) for (const target of event.results) if (original.code !== target.code) links.push({ source: original.code, target: target.code, value: 1, event: event.code });
    }
    return {
      tooltip: { trigger: "item" },
      series: [
        {
          type: "sankey",
          nodeAlign: "left",
          emphasis: { focus: "adjacency" },
          data: [...names].map(([code, name]) => ({ name: code, label: { formatter: `${name}` } })),
          links,
          label: { formatter: (item: { name: string }) => names.get(item.name) ?? item.name },
          lineStyle: { color: "gradient", curveness: 0.5 },
        },
      ],
    };
  }, [flows]);
  if (!named) return <NeedsAnalyst what={t("lineage")} testId="lineage-refused" />;
  return (
    <>
      <QueryState result={{ fetching: flowPages.fetching, error: flowPages.error, data: flowPages.totalCount }} />
      {flows.length > 0 && flowPages.complete ? (
        <Chart
          title={t("lineage")}
          option={option}
          height={420}
          testId="lineage-chart"
          table={{
            columns: [t("originals"), t("results"), t("eventDate"), t("code")],
            rows: flows.flatMap((event) => event.originals.flatMap((original) => event.results.map((target) => [`${original.name} (${original.code})`, `${target.name} (${target.code})`, event.date, event.code]))),
          }}
        />
      ) : null}
      {flows.map((event) =>
        event.results.map((target) => (
          <section key={`${event.code}-${target.code}`} aria-label={`${t("reparented")}: ${target.name}`}>
            <h3>
              {t("reparented")}: {target.name} · {f.date(event.date)}
            </h3>
            <Reparented event={event} result={target} />
          </section>
        )),
      )}
      <h3>{t("events")}</h3>
      <DataTable
        testId="events"
        table={{
          columns: [t("eventDate"), t("kind"), t("name"), t("originals"), t("results")],
          rows: events.map((event) => [f.date(event.date), k(event.kind), event.name, event.originals.map((o) => o.name).join("、"), event.results.map((r) => r.name).join("、")]),
        }}
      />
      <QueryState result={{ fetching: eventPages.fetching, error: eventPages.error, data: eventPages.totalCount }} />
      <PageFooter paged={eventPages as Paged<unknown>} testId="events-pager" />
      <p className="hint">
        {t("asOfDate")} {f.date(view.date)}
      </p>
    </>
  );
}
