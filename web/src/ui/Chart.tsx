import { useEffect, useId, useRef, useState } from "react";
import * as echarts from "echarts/core";
import { BarChart, LineChart, SankeyChart, GraphChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { EChartsCoreOption } from "echarts/core";
import { useI18n } from "./context";

// Only the series the dashboard draws; SVG so that print and PDF stay sharp.
echarts.use([BarChart, LineChart, SankeyChart, GraphChart, AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

/** The numbers behind a chart, as a table: its text alternative. */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * An ECharts chart with its numbers one click away (a table under a toggle button), and an
 * ARIA description of the series that ECharts generates for screen readers.
 */
export function Chart({ title, option, table, height = 280, testId }: { title: string; option: EChartsCoreOption; table: ChartTable; height?: number; testId?: string }) {
  const { t, lang } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const tableId = useId();
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current, undefined, { renderer: "svg", locale: lang === "en" ? "EN" : "ZH" });
    chart.setOption({ aria: { enabled: true }, animation: false, ...option });
    // A resize queued before this chart was disposed (the option changed, the table opened) must not
    // reach it: ECharts then lays a sankey out with no data and throws in the page.
    const observer = new ResizeObserver(() => {
      if (!chart.isDisposed()) chart.resize();
    });
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option, lang]);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={element} style={{ height }} role="img" aria-label={`${t("chartOf")}: ${title}`} />
      <button type="button" className="link" aria-expanded={open} aria-controls={tableId} onClick={() => setOpen(!open)}>
        {open ? t("hideNumbers") : t("showNumbers")}
      </button>
      <div id={tableId} hidden={!open} className="numbers">
        <DataTable caption={title} table={table} />
      </div>
    </figure>
  );
}

export function DataTable({ caption, table, testId }: { caption?: string; table: ChartTable; testId?: string }) {
  return (
    <table data-testid={testId}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {table.columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) => (
              <td key={column} className={typeof cell === "number" ? "num" : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
