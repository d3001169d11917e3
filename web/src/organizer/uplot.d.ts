// The part of uPlot (served at /vendor/uPlot.iife.min.js, loaded by a <script>
// tag before the dashboard's module) that the dashboard's charts use.
interface UPlotSeries {
  label?: string;
  stroke?: string;
  width?: number;
  dash?: number[];
  points?: { show: boolean };
  value?: (self: UPlotChart, raw: number | null) => string;
}

interface UPlotOptions {
  width: number;
  height: number;
  title?: string;
  series: UPlotSeries[];
  axes?: { label?: string; stroke?: string; values?: (self: UPlotChart, ticks: number[]) => string[] }[];
  scales?: Record<string, { time?: boolean; range?: (self: UPlotChart, min: number, max: number) => [number, number] }>;
  legend?: { live?: boolean };
  cursor?: { show?: boolean };
}

interface UPlotChart {
  setData(data: (number | null)[][]): void;
  setSize(size: { width: number; height: number }): void;
  destroy(): void;
}

interface Window {
  uPlot?: new (options: UPlotOptions, data: (number | null)[][], target: HTMLElement) => UPlotChart;
}
