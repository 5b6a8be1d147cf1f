import { useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { PLACE_BY_CODE, PLACE_CHILDREN, PLACE_SEARCH, TREE_COVERAGE } from "../queries";
import { CODE_PATTERN } from "../../../src/graph/vocabulary";
import { PageFooter, usePaged, type Connection, type Paged } from "./paging";
import type { Figures, Rate } from "../panels/Coverage";
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
  // A code is looked up as such (a malformed one simply finds nothing); names page by page.
  const code = asked.toUpperCase();
  const [byCode] = useQuery({ query: PLACE_BY_CODE, variables: { text: code, asOf: view.date }, pause: !CODE_PATTERN.test(code) });
  const names = usePaged(PLACE_SEARCH, { text: asked, asOf: view.date }, (data) => (data as { places?: Connection<PlaceRef> } | undefined)?.places, { pause: asked === "", pageSize: 20 });
  const exact = byCode.data?.place as PlaceRef | null | undefined;
  const found = [...(exact ? [exact] : []), ...names.nodes.filter((place) => place.code !== exact?.code)];
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
      {asked !== "" && !names.fetching && !byCode.fetching ? (
        <ul className="results" aria-live="polite" data-testid="search-results">
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
      {asked !== "" ? <PageFooter paged={names as Paged<unknown>} testId="search-pager" /> : null}
    </div>
  );
}

/** What a tree node is marked with: its own missing organisation, and how many gaps lie below it. */
interface Marks {
  gap: "noBranch" | "noGroup" | "noGeneral" | undefined;
  inside: number;
}

/** The rule the roll-ups count by (src/coverage/rollup.timeline.ts): community-level places need a general branch or committee. */
const COMMUNITY_KINDS = ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"];

/**
 * A place's marks from its coverage figures: a compound without a branch, a building without a
 * group, a community without a general branch; the gaps inside are every uncovered count below.
 */
function marksOf(kind: string, figures: Figures | undefined): Marks {
  if (!figures) return { gap: undefined, inside: 0 };
  const missing = (rate: Rate) => rate.total - rate.covered;
  const gap =
    kind === "COMPOUND" && figures.compoundsWithBranch.covered === 0 && figures.compoundsWithBranch.total > 0
      ? "noBranch"
      : kind === "BUILDING" && figures.buildingsWithGroup.covered === 0 && figures.buildingsWithGroup.total > 0
        ? "noGroup"
        : COMMUNITY_KINDS.includes(kind) && figures.communitiesWithOrganisation.covered === 0 && figures.communitiesWithOrganisation.total > 0
          ? "noGeneral"
          : undefined;
  const all = missing(figures.compoundsWithBranch) + missing(figures.buildingsWithGroup) + missing(figures.communitiesWithOrganisation);
  return { gap, inside: all - (gap ? 1 : 0) };
}

interface TreeControl {
  date: string;
  scope: string;
  active: string;
  expanded: ReadonlySet<string>;
  setExpanded(code: string, open: boolean): void;
  pick(code: string): void;
}

/**
 * One place of the tree (role treeitem): its children are read when it opens, with the coverage
 * of each (one request for the figures of all of them), which marks the gaps.
 */
function TreeItem({ place, figures, level, position, size, control }: { place: PlaceRef; figures: Figures | undefined; level: number; position: number; size: number; control: TreeControl }) {
  const { t, f } = useI18n();
  const leaf = place.kind === "BUILDING";
  const open = !leaf && control.expanded.has(place.code);
  const [children] = useQuery({ query: PLACE_CHILDREN, variables: { code: place.code, asOf: control.date }, pause: !open });
  const [coverage] = useQuery({ query: TREE_COVERAGE, variables: { scope: place.code, asOf: control.date }, pause: !open && figures !== undefined });
  const report = coverage.data?.coverage as { totals: Figures; breakdown: Figures[] } | undefined;
  const own = figures ?? report?.totals;
  const byCode = new Map((report?.breakdown ?? []).map((row) => [row.place.code, row]));
  const kids = (children.data?.place?.children ?? []) as PlaceRef[];
  const marks = marksOf(place.kind, own);
  const labelId = `tree-${place.code}`;
  return (
    <li
      role="treeitem"
      aria-labelledby={labelId}
      aria-level={level}
      aria-posinset={position}
      aria-setsize={size}
      aria-expanded={leaf ? undefined : open}
      aria-selected={control.scope === place.code}
      aria-busy={open && children.fetching ? true : undefined}
      tabIndex={control.active === place.code ? 0 : -1}
      data-code={place.code}
      data-gap={marks.gap}
      data-inside={marks.inside}
      className={marks.gap ? "gap" : undefined}
    >
      <div className="row">
        <span
          className="twisty"
          aria-hidden="true"
          onClick={(event) => {
            event.stopPropagation();
            if (!leaf) control.setExpanded(place.code, !open);
          }}
        >
          {leaf ? "" : open ? "▾" : "▸"}
        </span>
        <span id={labelId} className="label" onClick={() => control.pick(place.code)}>
          <span className="name">{place.name}</span> <code>{place.code}</code>
          {marks.gap ? <span className="badge gap-badge">{t(marks.gap)}</span> : null}
          {marks.inside > 0 ? (
            <span className="badge inside-badge">
              {f.number(marks.inside)} {t("treeGaps")}
            </span>
          ) : null}
        </span>
      </div>
      {open && kids.length > 0 ? (
        <ul role="group">
          {kids.map((child, index) => (
            <TreeItem key={child.id} place={child} figures={byCode.get(child.code)} level={level + 1} position={index + 1} size={kids.length} control={control} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The treeitem a key moves to (WAI-ARIA tree pattern), or what it toggles; undefined when the key is not the tree's. */
function treeKey(key: string, items: HTMLElement[], current: HTMLElement): { focus?: HTMLElement; expand?: boolean; pick?: boolean } | undefined {
  const index = items.indexOf(current);
  const expandable = current.getAttribute("aria-expanded") !== null;
  const open = current.getAttribute("aria-expanded") === "true";
  switch (key) {
    case "ArrowDown":
      return { focus: items[Math.min(index + 1, items.length - 1)] };
    case "ArrowUp":
      return { focus: items[Math.max(index - 1, 0)] };
    case "Home":
      return { focus: items[0] };
    case "End":
      return { focus: items[items.length - 1] };
    case "ArrowRight":
      if (expandable && !open) return { expand: true };
      if (open) {
        const child = current.querySelector<HTMLElement>(":scope > [role=group] > [role=treeitem]");
        return { focus: child ?? current };
      }
      return {};
    case "ArrowLeft":
      if (open) return { expand: false };
      return { focus: current.parentElement?.closest<HTMLElement>("[role=treeitem]") ?? current };
    case "Enter":
    case " ":
      return { pick: true };
    default:
      return undefined;
  }
}

/** The hierarchy as of the date, from the subdistrict above the scope down to buildings, gaps marked: an ARIA tree. */
function PlaceTree({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t } = useI18n();
  const [result] = useQuery({ query: PLACE_CHILDREN, variables: { code: view.scope, asOf: view.date } });
  // While a newly picked place is read, the tree stays as it was (and keeps the keyboard focus).
  const shown = useRef<(PlaceRef & { ancestors: PlaceRef[] }) | null | undefined>(undefined);
  if (!result.fetching || result.data) shown.current = result.data?.place as (PlaceRef & { ancestors: PlaceRef[] }) | null | undefined;
  const place = shown.current;
  const chain = place ? [...place.ancestors].reverse() : [];
  const root = chain.find((ancestor) => ancestor.kind === "SUBDISTRICT") ?? place ?? undefined;
  const path = place ? [...chain.map((ancestor) => ancestor.code), place.code] : [];
  const pathKey = path.join("/");
  const [expanded, setExpandedSet] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState(view.scope);
  const tree = useRef<HTMLUListElement>(null);
  // The chain down to the scope is opened (and kept open) whenever the scope moves.
  useEffect(() => {
    if (pathKey === "") return;
    setExpandedSet((previous) => (pathKey.split("/").every((code) => previous.has(code)) ? previous : new Set([...previous, ...pathKey.split("/")])));
  }, [pathKey]);
  useEffect(() => setActive(view.scope), [view.scope]);
  if (result.fetching && !place) return <p>{t("loading")}</p>;
  if (!place || !root) return <p className="error">{t("scopeNotFound")}</p>;
  const control: TreeControl = {
    date: view.date,
    scope: view.scope,
    active,
    expanded,
    setExpanded: (code, open) => {
      // Closing a place that holds the active item moves the tab stop to it (it stays in the tab order).
      const closing = open ? null : tree.current?.querySelector<HTMLElement>(`[role=treeitem][data-code="${CSS.escape(code)}"]`);
      if (closing?.querySelector(`[role=treeitem][data-code="${CSS.escape(active)}"]`)) setActive(code);
      setExpandedSet((previous) => {
        const next = new Set(previous);
        if (open) next.add(code);
        else next.delete(code);
        return next;
      });
    },
    pick: (code) => {
      setActive(code);
      setView({ scope: code });
    },
  };
  return (
    <section className="tree" data-testid="tree" aria-labelledby="tree-title">
      <h2 id="tree-title">{t("tree")}</h2>
      <p className="hint" id="tree-help">
        {t("treeHelp")}
      </p>
      <ul
        role="tree"
        ref={tree}
        aria-labelledby="tree-title"
        aria-describedby="tree-help"
        onKeyDown={(event) => {
          const current = (event.target as HTMLElement).closest<HTMLElement>("[role=treeitem]");
          if (!current || !tree.current) return;
          const items = [...tree.current.querySelectorAll<HTMLElement>("[role=treeitem]")];
          const move = treeKey(event.key, items, current);
          if (!move) return;
          event.preventDefault();
          const code = current.dataset.code!;
          if (move.expand !== undefined) control.setExpanded(code, move.expand);
          if (move.pick) control.pick(code);
          if (move.focus) {
            setActive(move.focus.dataset.code!);
            move.focus.focus();
          }
        }}
        onFocus={(event) => {
          const item = (event.target as HTMLElement).closest<HTMLElement>("[role=treeitem]");
          if (item?.dataset.code) setActive(item.dataset.code);
        }}
      >
        <TreeItem key={`${root.code}@${view.date}`} place={root} figures={undefined} level={1} position={1} size={1} control={control} />
      </ul>
    </section>
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
