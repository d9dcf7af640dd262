/**
 * Charts drawn on the server as inline SVG (Apache ECharts, server-side rendering), for the public statistics page and
 * the leaders' dashboard: they print, need no client code and keep working without JavaScript.
 *
 * The SVG ECharts writes is adapted to the pages' rules:
 * - the strict content security policy (src/http/boundary/headers.ts: `style-src 'self'`, no inline styles) — the
 *   `style` attributes of texts become SVG presentation attributes, the hover `<style>` element is dropped;
 * - accessibility — the chart is one image (role="img") named by its `<title>` and described by a `<desc>` that
 *   summarises it; the page shows the same figures in a table beside it;
 * - several charts on one page — the generated ids (clip paths) are prefixed with the chart's own id;
 * - any width — no fixed size, only a viewBox (the stylesheet scales `svg.chart` to its container).
 */
import * as echarts from "echarts";
import type { Lang } from "../shared/text.js";
import { escapeHtml, type Html, raw } from "./html.js";

export interface ChartSeries {
  name: string;
  /** One value per category; null draws nothing. */
  values: (number | null)[];
  kind?: "bar" | "line";
  /** Bars with the same stack name are stacked. */
  stack?: string;
}

export interface ChartSpec {
  /** Unique on the page (letters, digits, dashes): the prefix of the chart's ids. */
  id: string;
  title: string;
  /** What the chart shows, in words (read by screen readers; the figures are in the table beside it). */
  description: string;
  categories: string[];
  series: ChartSeries[];
  /** Categories on the vertical axis (long names, e.g. units). */
  horizontal?: boolean;
  /** Values are shares in [0, 1], shown as percentages. */
  percent?: boolean;
  lang: Lang;
  width?: number;
  height?: number;
}

/** Colours of the series, each with at least 3:1 contrast on white (WCAG 1.4.11, non-text contrast). */
export const SERIES_COLOURS = ["#1f5fa8", "#a50e0e", "#2e7d32", "#7a4f01", "#6a1b9a", "#00695c"];

const TEXT = "#333333";
const AXIS = "#595959";

const ALLOWED_STYLE = new Set(["font-size", "font-family", "font-weight", "font-style", "opacity", "fill", "stroke"]);

/** Formats a number the Vietnamese way (1.234,5) or the English way (1,234.5). */
export function formatNumber(n: number, lang: Lang, digits = 0): string {
  return n.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
}

/** Renders a bar or line chart as inline SVG markup. */
export function chart(spec: ChartSpec): Html {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.id)) throw new Error(`chart id ${spec.id}`);
  const horizontal = spec.horizontal ?? false;
  const width = spec.width ?? 720;
  const height = spec.height ?? (horizontal ? Math.max(160, 60 + spec.categories.length * 28) : 320);
  const valueLabel = (v: number) =>
    spec.percent ? `${formatNumber(v * 100, spec.lang)} %` : formatNumber(v, spec.lang);
  const categoryAxis = {
    type: "category" as const,
    data: spec.categories,
    axisLabel: {
      color: AXIS,
      fontSize: 12,
      interval: 0,
      ...(horizontal ? { width: 180, overflow: "truncate" as const } : { hideOverlap: true }),
    },
    axisLine: { lineStyle: { color: AXIS } },
    axisTick: { lineStyle: { color: AXIS } },
    inverse: horizontal,
  };
  const valueAxis = {
    type: "value" as const,
    minInterval: spec.percent ? undefined : 1,
    max: spec.percent ? 1 : undefined,
    axisLabel: { color: AXIS, fontSize: 12, formatter: valueLabel },
    splitLine: { lineStyle: { color: "#d9d9d9" } },
  };
  const c = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    c.setOption({
      animation: false,
      color: SERIES_COLOURS,
      textStyle: { fontFamily: "sans-serif", color: TEXT },
      legend: spec.series.length > 1 ? { top: 0, textStyle: { color: TEXT, fontSize: 13 } } : undefined,
      grid: { left: horizontal ? 190 : 56, right: 24, top: spec.series.length > 1 ? 40 : 16, bottom: 32 },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map((s) => ({
        name: s.name,
        type: s.kind ?? "bar",
        stack: s.stack,
        data: s.values,
        barMaxWidth: 36,
        symbolSize: 6,
        lineStyle: { width: 3 },
      })),
    });
    return raw(adaptSvg(c.renderToSVGString(), spec));
  } finally {
    c.dispose();
  }
}

/** Makes ECharts' SVG fit the pages' rules (see the module comment). Exported for the tests. */
export function adaptSvg(svg: string, spec: Pick<ChartSpec, "id" | "title" | "description">): string {
  const id = spec.id;
  let out = svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(/\s(?:ecmeta_[a-z_]+|pointer-events)="[^"]*"/g, "")
    .replace(/\sclass="zr\d+-cls-\d+"/g, "")
    .replace(/\sstyle="([^"]*)"/g, (_m, decls: string) => {
      const attrs: string[] = [];
      for (const d of decls.split(";")) {
        const i = d.indexOf(":");
        if (i < 0) continue;
        const prop = d.slice(0, i).trim().toLowerCase();
        const value = d.slice(i + 1).trim();
        if (ALLOWED_STYLE.has(prop) && value) attrs.push(` ${prop}="${escapeHtml(value)}"`);
      }
      return attrs.join("");
    })
    .replace(/zr\d+-/g, `${id}-`)
    .replace(/<defs\s*>\s*<\/defs>/g, "");
  out = out.replace(
    /^<svg\s+width="\d+(?:\.\d+)?"\s+height="\d+(?:\.\d+)?"/,
    `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc"`,
  );
  out = out.replace(
    /(<svg[^>]*>)/,
    `$1<title id="${id}-title">${escapeHtml(spec.title)}</title><desc id="${id}-desc">${escapeHtml(spec.description)}</desc>`,
  );
  if (/\sstyle=|<style|<script|\son[a-z]+=/i.test(out)) throw new Error("chart SVG still has styles or scripts");
  return out;
}
