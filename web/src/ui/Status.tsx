import type { CombinedError } from "@urql/core";
import { errorCode } from "../client";
import { useI18n } from "./context";

/** Loading and errors of a query, in words (with the hub's stable error code). */
export function QueryState({ result }: { result: { fetching: boolean; error?: CombinedError | undefined; data?: unknown } }) {
  const { t } = useI18n();
  if (result.error) {
    const code = errorCode(result.error);
    if (code === "FORBIDDEN") return <NeedsAnalyst what={t("refused")} />;
    return (
      <p role="alert" className="error" data-error-code={code}>
        {t("error")} ({code}): {result.error.graphQLErrors[0]?.message ?? result.error.message}
      </p>
    );
  }
  if (result.fetching && result.data === undefined) return <p className="status">{t("loading")}</p>;
  return null;
}

/** A panel, or a part of one, that the signed-in role may not see. */
export function NeedsAnalyst({ what, testId }: { what: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <section className="needs-analyst" data-testid={testId}>
      <h3>
        {what} <span className="badge">{t("needsAnalyst")}</span>
      </h3>
      <p>{t("needsAnalystLong")}</p>
    </section>
  );
}
