import { DateTime } from 'luxon'

/**
 * Geometry for the server-rendered SVG charts (views/partials/chart-*.eta). Everything is in
 * viewBox units: the SVG is drawn with width="100%", so a 360-unit-wide chart stays legible on a
 * 375 px phone and simply grows on wider screens.
 */

export const CHART_WIDTH = 360

/** A column's day (or week start), "2026-03-02" → "2 Mar". */
export const dayLabel = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'UTC' }).toFormat('d LLL')

/** A round upper bound and tick step for counts: 0–1–2–3–4, 0–2–4–6–8–10, 0–5–10–15–20, … */
export function niceScale(max: number): { max: number; step: number } {
  if (max <= 4) return { max: Math.max(1, Math.ceil(max)), step: 1 }
  const rough = max / 4
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude
  return { max: Math.ceil(max / step) * step, step }
}

export interface ColumnDatum {
  label: string
  value: number
  /** Read out for the bar (SVG <title>), e.g. "Week of 2 Mar: 3 interviews". */
  title: string
  /** Printed above the bar instead of `value` (e.g. "67 %"); an empty string prints nothing. */
  display?: string
}

export interface ColumnBar extends ColumnDatum {
  x: number
  y: number
  width: number
  height: number
  centerX: number
  showLabel: boolean
}

export interface ColumnLayout {
  width: number
  height: number
  plotLeft: number
  plotRight: number
  plotTop: number
  baseline: number
  bars: ColumnBar[]
  ticks: { y: number; value: number }[]
}

/** Vertical bars with a y axis; x labels on every `labelEvery`-th bar so they never overlap. */
export function columnLayout(
  data: readonly ColumnDatum[],
  options: {
    width?: number
    height?: number
    labelEvery?: number
    /** A fixed y axis (0–100 for a share), instead of one fitted to the data. */
    scale?: { max: number; step: number }
  } = {},
): ColumnLayout {
  const width = options.width ?? CHART_WIDTH
  const height = options.height ?? 190
  const plotLeft = 30
  const plotRight = width - 6
  const plotTop = 16
  const baseline = height - 26
  const scale = options.scale ?? niceScale(Math.max(0, ...data.map((d) => d.value)))
  const slot = (plotRight - plotLeft) / Math.max(1, data.length)
  const barWidth = Math.max(2, slot * 0.7)
  const labelEvery = options.labelEvery ?? Math.max(1, Math.ceil(data.length / 6))
  const yOf = (value: number) => baseline - (value / scale.max) * (baseline - plotTop)
  const round = (n: number) => Math.round(n * 10) / 10
  const bars = data.map((d, i) => {
    const x = plotLeft + i * slot + (slot - barWidth) / 2
    const y = yOf(d.value)
    // Counted from the newest bar, so the current week always carries a label.
    const fromEnd = data.length - 1 - i
    return {
      ...d,
      x: round(x),
      y: round(y),
      width: round(barWidth),
      height: round(baseline - y),
      centerX: round(x + barWidth / 2),
      showLabel: fromEnd % labelEvery === 0,
    }
  })
  const ticks: { y: number; value: number }[] = []
  for (let value = 0; value <= scale.max; value += scale.step) ticks.push({ y: round(yOf(value)), value })
  return { width, height, plotLeft, plotRight, plotTop, baseline, bars, ticks }
}

export interface BarSegment {
  key: string
  label: string
  value: number
  fill: string
}

export interface BarRow {
  label: string
  href?: string | undefined
  segments: readonly BarSegment[]
}

export interface PlacedRow {
  label: string
  /** The label cut to fit beside the bars; the full label is in the <title> and the table. */
  shortLabel: string
  href: string | undefined
  y: number
  total: number
  totalX: number
  segments: (BarSegment & { x: number; width: number })[]
}

export interface BarLayout {
  width: number
  height: number
  barHeight: number
  labelWidth: number
  rows: PlacedRow[]
  legend: { label: string; fill: string; x: number; y: number }[]
}

const ROW_HEIGHT = 26
const BAR_HEIGHT = 16

function shorten(label: string, max: number): string {
  const chars = [...label]
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`
}

/** Horizontal stacked bars, one row per item, with a legend of the segment kinds above. */
export function stackedBarLayout(
  rows: readonly BarRow[],
  legend: readonly { label: string; fill: string }[],
  options: { width?: number; labelWidth?: number } = {},
): BarLayout {
  const width = options.width ?? CHART_WIDTH
  const labelWidth = options.labelWidth ?? 118
  const totalWidth = 30
  const barArea = width - labelWidth - totalWidth
  const round = (n: number) => Math.round(n * 10) / 10
  // The legend wraps onto as many lines as needed at ~90 units an entry.
  const perLine = Math.max(1, Math.floor(width / 90))
  const placedLegend = legend.map((entry, i) => ({
    ...entry,
    x: (i % perLine) * 90,
    y: 12 + Math.floor(i / perLine) * 18,
  }))
  const legendHeight = legend.length === 0 ? 0 : Math.ceil(legend.length / perLine) * 18 + 8
  const max = Math.max(1, ...rows.map((row) => row.segments.reduce((sum, s) => sum + s.value, 0)))
  const placed = rows.map((row, i) => {
    const y = legendHeight + i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
    let x = labelWidth
    const segments = row.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const w = (s.value / max) * barArea
        const segment = { ...s, x: round(x), width: round(w) }
        x += w
        return segment
      })
    const total = row.segments.reduce((sum, s) => sum + s.value, 0)
    return {
      label: row.label,
      shortLabel: shorten(row.label, 18),
      href: row.href,
      y: round(y),
      total,
      totalX: round(x + 4),
      segments,
    }
  })
  return {
    width,
    height: legendHeight + rows.length * ROW_HEIGHT + 4,
    barHeight: BAR_HEIGHT,
    labelWidth,
    rows: placed,
    legend: placedLegend,
  }
}
