import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { CHAIN, COUNCIL, INTEGRITY, LINKS } from "../queries";
import type { View } from "../state";
import { Chart, DataTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { NeedsAnalyst, QueryState } from "../ui/Status";
import { DownloadButton } from "../ui/Download";
import { breachText } from "../labels";

interface Ref {
  code: string;
  name: string;
}
interface Link {
  kind: string;
  validFrom: string;
  validTo: string | null;
  partTime: boolean | null;
  count: number | null;
  unit: Ref & { kind: string };
  organisation: Ref | null;
  via: Ref | null;
}

const LINK_COLOURS: Record<string, string> = { COUNCIL_SEAT: "#c23531", CO_BUILDING: "#2f4554", REGISTRATION: "#61a0a8", VOLUNTEER_TEAM: "#d48265", PAIRING: "#91c7ae" };

function CouncilRow({ council, date }: { council: Ref; date: string }) {
  const { t, f } = useI18n();
  const [result] = useQuery({ query: COUNCIL, variables: { council: council.code, asOf: date } });
  const composition = result.data?.councilComposition as { seats: number; partTimeSeats: number; partTimeShare: number; residentUnitSeats: number; residentUnitShare: number } | undefined;
  return (
    <li>
      {council.name} <code>{council.code}</code>
      {composition
        ? ` · ${f.number(composition.seats)} ${t("seats")} · ${t("partTime")} ${f.number(composition.partTimeSeats)} (${f.percent(composition.partTimeShare)}) · ${t("residentUnits")} ${f.number(composition.residentUnitSeats)} (${f.percent(composition.residentUnitShare)})`
        : null}
    </li>
  );
}

function CommunityLinks({ view }: { view: View }) {
  const { t, f, k } = useI18n();
  const [result] = useQuery({ query: LINKS, variables: { community: view.scope, asOf: view.date } });
  const links = (result.data?.communityLinks ?? []) as Link[];
  const place = result.data?.place as (Ref & { kind: string; councils: Ref[] }) | null | undefined;
  const option = useMemo(() => {
    const nodes = new Map<string, { name: string; category: number; label: string }>();
    if (place) nodes.set(place.code, { name: place.code, category: 0, label: place.name });
    const edges = links.map((link) => {
      nodes.set(link.unit.code, { name: link.unit.code, category: 1, label: link.unit.name });
      return { source: link.unit.code, target: place?.code ?? view.scope, lineStyle: { color: LINK_COLOURS[link.kind] ?? "#888" }, value: k(link.kind) };
    });
    return {
      tooltip: {},
      legend: { data: [place?.name ?? view.scope, t("unit")] },
      series: [
        {
          type: "graph",
          layout: "force",
          roam: false,
          force: { repulsion: 220, edgeLength: 110 },
          categories: [{ name: place?.name ?? view.scope }, { name: t("unit") }],
          data: [...nodes.values()].map((node) => ({ ...node, symbolSize: node.category === 0 ? 40 : 18, label: { show: true, formatter: node.label } })),
          links: edges,
        },
      ],
    };
  }, [links, place, view.scope, t, k]);
  if (result.error) return <QueryState result={result} />;
  return (
    <section aria-labelledby="links-title">
      <h3 id="links-title">
        {t("communityLinks")} <DownloadButton report="community-links" params={{ community: view.scope, asOf: view.date }} />
      </h3>
      <QueryState result={result} />
      {links.length > 0 ? (
        <Chart
          title={`${t("communityLinks")}: ${place?.name ?? view.scope}`}
          option={option}
          height={360}
          testId="links-chart"
          table={{
            columns: [t("linkKind"), t("unit"), t("via"), t("since")],
            rows: links.map((link) => [k(link.kind), `${link.unit.name} (${link.unit.code})`, link.via?.name ?? link.organisation?.name ?? "—", f.date(link.validFrom)]),
          }}
        />
      ) : result.data ? (
        <p>{t("pickCommunity")}</p>
      ) : null}
      {place && place.councils.length > 0 ? (
        <>
          <h3>{t("councils")}</h3>
          <ul data-testid="councils">
            {place.councils.map((council) => (
              <CouncilRow key={council.code} council={council} date={view.date} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Chain({ view }: { view: View }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [code, setCode] = useState("");
  const [result] = useQuery({ query: CHAIN, variables: { code, asOf: view.date }, pause: code === "" });
  const organisation = result.data?.organisation as (Ref & { territorial: Ref[]; ownSystem: Ref[] }) | null | undefined;
  const chain = (list: Ref[]) => [organisation!, ...list].map((entry) => `${entry.name} (${entry.code})`).join(" → ");
  return (
    <section aria-labelledby="chain-title">
      <h3 id="chain-title">{t("leadershipChain")}</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setCode(text.trim());
        }}
      >
        <label htmlFor="chain-code">{t("organisationCode")}</label> <input id="chain-code" value={text} onChange={(event) => setText(event.target.value)} placeholder="LHT-C1-R01-B01-GR" />
        <button type="submit">{t("show")}</button>
      </form>
      <QueryState result={result} />
      {organisation ? (
        <dl data-testid="chain">
          <dt>{t("territorialLeader")}</dt>
          <dd>{chain(organisation.territorial)}</dd>
          {organisation.ownSystem.length > 0 ? (
            <>
              <dt>{t("ownSystemLeader")}</dt>
              <dd>{chain(organisation.ownSystem)}</dd>
            </>
          ) : null}
        </dl>
      ) : code !== "" && result.data ? (
        <p>{t("none")}</p>
      ) : null}
    </section>
  );
}

function Integrity({ view }: { view: View }) {
  const { t, f, k, lang } = useI18n();
  const [result] = useQuery({ query: INTEGRITY, variables: { scope: view.scope, asOf: view.date } });
  const data = result.data as
    | {
        dualLeadership: { count: number; items: { organisation: Ref; territorialLeader: Ref; ownSystemLeader: Ref }[] };
        misalignedLeadership: { count: number; items: { organisation: Ref; leader: Ref; explanation: string }[] };
        ruleBreaches: { count: number; items: { organisation: Ref; rule: string; measured: number; threshold: number; explanation: string }[] };
      }
    | undefined;
  const params = { scope: view.scope, asOf: view.date };
  return (
    <section aria-label={t("ruleBreaches")}>
      <QueryState result={result} />
      {data ? (
        <>
          <h3>
            {t("dualLeadership")} ({data.dualLeadership.count}) <DownloadButton report="dual-leadership" params={params} />
          </h3>
          <DataTable
            testId="dual-leadership"
            table={{ columns: [t("organisations"), t("territorialLeader"), t("ownSystemLeader")], rows: data.dualLeadership.items.map((item) => [`${item.organisation.name} (${item.organisation.code})`, item.territorialLeader.name, item.ownSystemLeader.name]) }}
          />
          <h3>
            {t("misaligned")} ({data.misalignedLeadership.count}) <DownloadButton report="misaligned-leadership" params={params} />
          </h3>
          <DataTable table={{ columns: [t("organisations"), t("leader"), t("explanation")], rows: data.misalignedLeadership.items.map((item) => [item.organisation.name, item.leader.name, item.explanation]) }} />
          <h3>
            {t("ruleBreaches")} ({data.ruleBreaches.count}) <DownloadButton report="rule-breaches" params={params} />
          </h3>
          <DataTable
            testId="rule-breaches"
            table={{ columns: [t("organisations"), t("kind"), t("explanation")], rows: data.ruleBreaches.items.map((item) => [`${item.organisation.name} (${item.organisation.code})`, k(item.rule), breachText(lang, item, f.number)]) }}
          />
        </>
      ) : null}
    </section>
  );
}

/** A community's links (councils, co-building units, registrations, teams), any leadership chain, the integrity findings. */
export function LinkagePanel({ view }: { view: View }) {
  const { t } = useI18n();
  const session = useSession();
  if (!mayReadNamed(session)) return <NeedsAnalyst what={t("linkage")} testId="linkage-refused" />;
  return (
    <>
      <CommunityLinks key={`${view.scope}-${view.date}`} view={view} />
      <Chain view={view} />
      <Integrity view={view} />
    </>
  );
}
