import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formats, translator, type Formats, type Language, type Translate } from "../i18n";
import { labelOf } from "../labels";

export interface I18n {
  lang: Language;
  t: Translate;
  f: Formats;
  /** The name of an API enum value (BRANCH → 党支部) in the language. */
  k: (value: string) => string;
}

const i18nOf = (lang: Language): I18n => ({ lang, t: translator(lang), f: formats(lang), k: (value) => labelOf(lang, value) });

const I18nContext = createContext<I18n>(i18nOf("zh-Hans"));

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  // One value per language: charts memoised on t, f and k are not redrawn on every render.
  const value = useMemo(() => i18nOf(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** Who is signed in (from the hub's `viewer`), and the token that proves it. */
export interface Session {
  token: string;
  subject: string;
  role: "VIEWER" | "ANALYST" | "STEWARD" | "ADMIN";
  scope: readonly string[];
}

const RANK = { VIEWER: 0, ANALYST: 1, STEWARD: 2, ADMIN: 3 } as const;

const SessionContext = createContext<Session>({ token: "", subject: "", role: "VIEWER", scope: [] });

export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  return useContext(SessionContext);
}

/** Named lists (places, organisations, units) need an analyst or more. */
export function mayReadNamed(session: Session): boolean {
  return RANK[session.role] >= RANK.ANALYST;
}
