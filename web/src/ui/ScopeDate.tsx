import { useState } from "react";
import { useQuery } from "urql";
import { GAPS, PLACE_CHILDREN, PLACE_SEARCH } from "../queries";
import { todayIso, type View } from "../state";
import { mayReadNamed, useI18n, useSession } from "./context";

export const FIRST_YEAR = 2000;

interface PlaceRef {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent?: PlaceRef | null;
}

/** The same day in another year (29 February becomes the 28th). */
export function inYear(date: string, year: number): string {
  const [, month, day] = date.split("-");
  const candidate = `${year}-${month}-${day}`;
  return Number.isNaN(Date.parse(`${candidate}T00:00:00Z`)) || new Date(`${candidate}T00:00:00Z`).getUTCDate() !== Number(day) ? `${year}-${month}-28` : candidate;
}

function DatePicker({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t, f } = useI18n();
  const lastYear = Number(todayIso().slice(0, 4));
  const year = Number(view.date.slice(0, 4));
  return (
    <fieldset className="date">
      <legend>{t("date")}</legend>
      <input
        type="date"
        aria-label={t("date")}
        data-testid="date"
        value={view.date}
        min={`${FIRST_YEAR}-01-01`}
        onChange={(event) => {
          if (/^\d{4}-\d{2}-\d{2}$/.test(event.target.value)) setView({ date: event.target.value });
        }}
      />
      <input
        type="range"
        aria-label={t("slider")}
        aria-valuetext={String(year)}
        min={FIRST_YEAR}
        max={lastYear}
        step={1}
        value={Math.min(Math.max(year, FIRST_YEAR), lastYear)}
        onChange={(event) => setView({ date: inYear(view.date, Number(event.target.value)) })}
      />
      <output>{f.date(view.date)}</output>
      <button type="button" onClick={() => setView({ date: todayIso() })}>
        {t("today")}
      </button>
    </fieldset>
  );
}

function PlaceSearch({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [asked, setAsked] = useState("");
  const [result] = useQuery({ query: PLACE_SEARCH, variables: { text: asked, asOf: view.date }, pause: asked === "" });
  const found: PlaceRef[] = [];
  const byCode = result.data?.byCode as PlaceRef | null | undefined;
  if (byCode) found.push(byCode);
  for (const edge of (result.data?.places.edges ?? []) as { node: PlaceRef }[]) if (edge.node.code !== byCode?.code) found.push(edge.node);
  return (
    <div className="search">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(text.trim());
        }}
      >
        <label htmlFor="place-search">{t("search")}</label>
        <input id="place-search" type="search" value={text} onChange={(event) => setText(event.target.value)} data-testid="place-search" />
        <button type="submit">{t("searchButton")}</button>
      </form>
      {asked !== "" && !result.fetching ? (
        <ul className="results" aria-live="polite">
          {found.length === 0 ? <li>{t("none")}</li> : null}
          {found.map((place) => (
            <li key={place.id}>
              <button type="button" className="link" onClick={() => setView({ scope: place.code })}>
                {place.name} <code>{place.code}</code>
              </button>
              {place.parent ? <span className="hint"> · {place.parent.name}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface Gaps {
  /** Codes of places that lack their organisation (compounds without a branch, buildings without a group). */
  gaps: Map<string, "noBranch" | "noGroup">;
  /** How many gaps lie inside each place. */
  inside: Map<string, number>;
}

type GapEdge = { node: { place: { code: string; ancestors: { code: string }[] } } };

function useGaps(root: string, date: string, enabled: boolean): Gaps {
  const [result] = useQuery({ query: GAPS, variables: { scope: root, asOf: date }, pause: !enabled });
  const gaps: Gaps = { gaps: new Map(), inside: new Map() };
  const coverage = result.data?.coverage as { compoundsWithoutBranch: { edges: GapEdge[] }; buildingsWithoutGroup: { edges: GapEdge[] } } | undefined;
  if (!coverage) return gaps;
  const mark = (edges: GapEdge[], kind: "noBranch" | "noGroup") => {
    for (const { node } of edges) {
      gaps.gaps.set(node.place.code, kind);
      for (const ancestor of node.place.ancestors) gaps.inside.set(ancestor.code, (gaps.inside.get(ancestor.code) ?? 0) + 1);
    }
  };
  mark(coverage.compoundsWithoutBranch.edges, "noBranch");
  mark(coverage.buildingsWithoutGroup.edges, "noGroup");
  return gaps;
}

function TreeNode({ place, view, setView, gaps, open: initiallyOpen, path }: { place: PlaceRef; view: View; setView: (change: Partial<View>) => void; gaps: Gaps; open: boolean; path: readonly string[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(initiallyOpen);
  const [result] = useQuery({ query: PLACE_CHILDREN, variables: { code: place.code, asOf: view.date }, pause: !open });
  const children = (result.data?.place?.children ?? []) as PlaceRef[];
  const leaf = place.kind === "BUILDING";
  const gap = gaps.gaps.get(place.code);
  const inside = gaps.inside.get(place.code) ?? 0;
  return (
    <li data-code={place.code} data-gap={gap ?? undefined} className={gap ? "gap" : undefined}>
      {leaf ? (
        <span className="twisty" aria-hidden="true" />
      ) : (
        <button type="button" className="twisty" aria-expanded={open} aria-label={`${place.name} ${open ? "−" : "+"}`} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
      )}
      <button type="button" className="link" aria-current={view.scope === place.code ? "true" : undefined} onClick={() => setView({ scope: place.code })}>
        {place.name}
      </button>{" "}
      <code>{place.code}</code>
      {gap ? <span className="badge gap-badge">{t(gap)}</span> : null}
      {inside > 0 ? (
        <span className="badge inside-badge" title={`${inside} ${t("treeGaps")}`}>
          {inside} {t("treeGaps")}
        </span>
      ) : null}
      {open && children.length > 0 ? (
        <ul>
          {children.map((child) => (
            <TreeNode key={child.id} place={child} view={view} setView={setView} gaps={gaps} open={path.includes(child.code)} path={path} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The hierarchy as of the date, from the subdistrict above the scope down to buildings, gaps marked. */
function PlaceTree({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t } = useI18n();
  const [result] = useQuery({ query: PLACE_CHILDREN, variables: { code: view.scope, asOf: view.date } });
  const place = result.data?.place as (PlaceRef & { ancestors: PlaceRef[] }) | null | undefined;
  const chain = place ? [...place.ancestors].reverse() : [];
  const root = chain.find((ancestor) => ancestor.kind === "SUBDISTRICT") ?? place ?? undefined;
  const path = place ? [...chain.map((ancestor) => ancestor.code), place.code] : [];
  const gaps = useGaps(root?.code ?? view.scope, view.date, root !== undefined);
  if (result.fetching && !place) return <p>{t("loading")}</p>;
  if (!place || !root) return <p className="error">{t("scopeNotFound")}</p>;
  return (
    <nav aria-label={t("tree")} className="tree" data-testid="tree">
      <h2>{t("tree")}</h2>
      <ul>
        <TreeNode key={`${root.code}@${view.date}`} place={root} view={view} setView={setView} gaps={gaps} open path={path} />
      </ul>
    </nav>
  );
}

/** Scope and date: a search, the tree (analysts), a code box (viewers), a date picker and a year slider. */
export function ScopeDate({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const [code, setCode] = useState(view.scope);
  return (
    <section className="scope-date" aria-label={`${t("scope")} · ${t("date")}`}>
      <div className="pickers">
        <DatePicker view={view} setView={setView} />
        {mayReadNamed(session) ? (
          <PlaceSearch view={view} setView={setView} />
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (code.trim() !== "") setView({ scope: code.trim() });
            }}
          >
            <label htmlFor="scope-code">
              {t("scope")} ({t("code")})
            </label>{" "}
            <input id="scope-code" value={code} onChange={(event) => setCode(event.target.value)} />
            <button type="submit">{t("show")}</button>
          </form>
        )}
      </div>
      {mayReadNamed(session) ? (
        <PlaceTree view={view} setView={setView} />
      ) : (
        <p className="needs-analyst" data-testid="tree-refused">
          {t("tree")}: <span className="badge">{t("needsAnalyst")}</span>
        </p>
      )}
    </section>
  );
}
