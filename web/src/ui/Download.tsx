import { useState } from "react";
import { fetchCsv, saveFile } from "../client";
import { useI18n, useSession } from "./context";

/** Downloads one of the hub's CSV exports (GET /export/<report>.csv) with the signed-in token. */
export function DownloadButton({ report, params, label }: { report: string; params: Record<string, string>; label?: string }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <button
        type="button"
        className="download"
        data-report={report}
        onClick={() => {
          setError(undefined);
          fetchCsv(token, report, params).then(
            ({ filename, blob }) => saveFile(filename, blob),
            (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
          );
        }}
      >
        {label ?? t("download")}
      </button>
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </>
  );
}
