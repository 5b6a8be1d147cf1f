import { StrictMode, Suspense, lazy, useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { Provider, useQuery } from "urql";
import { createClient, errorCode, storedToken, storeToken } from "./client";
import { LANGUAGES, LANGUAGE_NAME, type Language } from "./i18n";
import { VIEWER } from "./queries";
import { PANELS, useView, type Panel, type View } from "./state";
import { I18nProvider, SessionProvider, useI18n, type Session } from "./ui/context";
import { ScopeDate } from "./ui/ScopeDate";
import { CoveragePanel } from "./panels/Coverage";
import { OverTimePanel } from "./panels/OverTime";
import { LineagePanel } from "./panels/Lineage";
import { LinkagePanel } from "./panels/Linkage";
import { LedgerPanel } from "./panels/Ledger";
import "./styles.css";

// GraphiQL and its editor are large: loaded only when the explorer is opened.
const ExplorerPanel = lazy(() => import("./panels/Explorer"));

function SignIn({ onToken, failed }: { onToken: (token: string) => void; failed: string | undefined }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  return (
    <form
      className="signin"
      aria-labelledby="signin-title"
      onSubmit={(event) => {
        event.preventDefault();
        onToken(text.trim());
      }}
    >
      <h2 id="signin-title">{t("signIn")}</h2>
      <label htmlFor="token">{t("token")}</label>
      <textarea id="token" name="token" rows={4} value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" spellCheck={false} />
      <p className="hint">{t("tokenHelp")}</p>
      {failed ? (
        <p role="alert" className="error">
          {t("refused")}: {failed}
        </p>
      ) : null}
      <button type="submit">{t("signIn")}</button>
    </form>
  );
}

function Header({ view, setView, session, onSignOut }: { view: View; setView: (change: Partial<View>) => void; session: Session | undefined; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <header className="top">
      <h1>{t("title")}</h1>
      <div className="who">
        {session ? (
          <>
            <span data-testid="who">
              {t("signedInAs")}: <strong>{session.subject}</strong> · {t("role")}: <strong>{session.role}</strong>
              {session.scope.length > 0 ? ` · ${session.scope.join(", ")}` : ""}
            </span>
            <button type="button" onClick={onSignOut}>
              {t("signOut")}
            </button>
          </>
        ) : null}
        <label>
          {t("language")}{" "}
          <select value={view.lang} onChange={(event) => setView({ lang: event.target.value as Language })} data-testid="language">
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang} lang={lang}>
                {LANGUAGE_NAME[lang]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}

function Tabs({ panel, onPanel }: { panel: Panel; onPanel: (panel: Panel) => void }) {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t("panels")}>
      {PANELS.map((name) => (
        <a
          key={name}
          href={`?panel=${name}`}
          aria-current={panel === name ? "page" : undefined}
          data-testid={`tab-${name}`}
          onClick={(event) => {
            event.preventDefault();
            onPanel(name);
          }}
        >
          {t(name)}
        </a>
      ))}
    </nav>
  );
}

function PanelFor({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t } = useI18n();
  switch (view.panel) {
    case "coverage":
      return <CoveragePanel view={view} setView={setView} />;
    case "overTime":
      return <OverTimePanel view={view} />;
    case "lineage":
      return <LineagePanel view={view} />;
    case "linkage":
      return <LinkagePanel view={view} />;
    case "ledgers":
      return <LedgerPanel view={view} />;
    case "explorer":
      return (
        <Suspense fallback={<p>{t("loading")}</p>}>
          <ExplorerPanel />
        </Suspense>
      );
  }
}

/** Asks the hub who the token is for; without one, tries the anonymous role the hub may allow. */
function Authenticated({ token, view, setView, onToken }: { token: string; view: View; setView: (change: Partial<View>) => void; onToken: (token: string) => void }) {
  const [result] = useQuery({ query: VIEWER });
  const { t } = useI18n();
  const viewer = result.data?.viewer as { subject: string; role: Session["role"]; scope: string[] } | undefined;
  const session: Session | undefined = viewer ? { token, ...viewer } : undefined;
  const code = errorCode(result.error);
  return (
    <SessionProvider value={session ?? { token, subject: "", role: "VIEWER", scope: [] }}>
      <Header view={view} setView={setView} session={session} onSignOut={() => onToken("")} />
      {result.fetching && !session ? <p className="status">{t("loading")}</p> : null}
      {!result.fetching && !session ? <SignIn onToken={onToken} failed={token === "" && code === "UNAUTHENTICATED" ? undefined : code} /> : null}
      {session ? (
        <>
          <ScopeDate view={view} setView={setView} />
          <Tabs panel={view.panel} onPanel={(panel) => setView({ panel })} />
          <main id="panel" tabIndex={-1} data-testid={`panel-${view.panel}`}>
            <PanelFor view={view} setView={setView} />
          </main>
        </>
      ) : null}
    </SessionProvider>
  );
}

function App() {
  const [view, setView] = useView();
  const [token, setToken] = useState(storedToken);
  const client = useMemo(() => createClient(token), [token]);
  useEffect(() => {
    document.documentElement.lang = view.lang;
  }, [view.lang]);
  const onToken = (next: string) => {
    storeToken(next);
    setToken(next);
  };
  return (
    <I18nProvider lang={view.lang}>
      <a className="skip" href="#panel">
        <SkipText />
      </a>
      <Provider value={client}>
        <Authenticated key={token} token={token} view={view} setView={setView} onToken={onToken} />
      </Provider>
    </I18nProvider>
  );
}

function SkipText() {
  const { t } = useI18n();
  return <>{t("skip")}</>;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
