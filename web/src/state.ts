import { useCallback, useEffect, useRef, useState } from "react";
import { isLanguage, type Language } from "./i18n";

export const PANELS = ["coverage", "overTime", "lineage", "linkage", "ledgers", "explorer"] as const;
export type Panel = (typeof PANELS)[number];

/** What the URL holds, so a view can be bookmarked and shared: scope, date, panel, language. */
export interface View {
  scope: string;
  date: string;
  panel: Panel;
  lang: Language;
}

export const DEFAULT_SCOPE = "LHT";

/** Today on the analyst's own calendar (the browser's time zone), not UTC's: in Beijing, 07:00 is already today. */
export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function readView(): View {
  const params = new URLSearchParams(location.search);
  const panel = params.get("panel");
  const lang = params.get("lang");
  const date = params.get("date") ?? "";
  return {
    scope: params.get("scope") || DEFAULT_SCOPE,
    date: ISO_DATE.test(date) ? date : todayIso(),
    panel: (PANELS as readonly string[]).includes(panel ?? "") ? (panel as Panel) : "coverage",
    lang: isLanguage(lang) ? lang : "zh-Hans",
  };
}

function writeView(view: View, replace: boolean): void {
  const params = new URLSearchParams({ scope: view.scope, date: view.date, panel: view.panel, lang: view.lang });
  const url = `${location.pathname}?${params.toString()}`;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

/** The view, kept in step with the address bar (back and forward included). */
export function useView(): [View, (change: Partial<View>) => void] {
  const [view, setView] = useState<View>(readView);
  const current = useRef(view);
  current.current = view;
  useEffect(() => {
    // The first view is written back complete (defaults filled in).
    writeView(current.current, true);
    const onPop = () => setView(readView());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  const update = useCallback((change: Partial<View>) => {
    const next = { ...current.current, ...change };
    writeView(next, false);
    current.current = next;
    setView(next);
  }, []);
  return [view, update];
}
