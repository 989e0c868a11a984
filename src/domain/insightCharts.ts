import { type BarLayout, type ColumnLayout, columnLayout, dayLabel, stackedBarLayout } from './charts.js'
import type { Insights } from './insights.js'
import { KIND_LABELS, OUTCOME_LABELS, OUTCOMES, type Outcome } from './interview.js'
import { plural } from './wording.js'

/** Colours are paired with a legend, labels and a table: colour alone never carries meaning. */
export const CONFIDENCE_FILLS = { missed: '#b3261e', shaky: '#c27c00' } as const
export const OUTCOME_FILLS: Record<Outcome, string> = {
  pending: '#7b8794',
  offer: '#1e7a3c',
  rejected: '#b3261e',
  withdrawn: '#6b4fbb',
  no_answer: '#c27c00',
}

/** At most this many topics in the chart; the full ranked list is printed beside it. */
export const STUDY_CHART_TOPICS = 10

export function topicHref(topic: string): string {
  return `/questions?topic=${encodeURIComponent(topic)}`
}

export interface InsightCharts {
  weekly: ColumnLayout & { total: number; summary: string }
  study: BarLayout & { summary: string }
  outcomes: BarLayout & { summary: string }
}

export function insightCharts(insights: Insights): InsightCharts {
  const weekly = columnLayout(
    insights.weekly.map((week) => ({
      label: dayLabel(week.weekStart),
      value: week.count,
      title: `Week of ${dayLabel(week.weekStart)}: ${plural(week.count, 'interview')}`,
    })),
    { labelEvery: 3 },
  )
  const total = insights.weekly.reduce((sum, w) => sum + w.count, 0)
  const busiest = insights.weekly.reduce((best, w) => (w.count > best.count ? w : best), insights.weekly[0]!)

  const studyTopics = insights.studyList.slice(0, STUDY_CHART_TOPICS)
  const study = stackedBarLayout(
    studyTopics.map((t) => ({
      label: t.topic,
      href: topicHref(t.topic),
      segments: [
        { key: 'missed', label: 'Missed', value: t.missed, fill: CONFIDENCE_FILLS.missed },
        { key: 'shaky', label: 'Shaky', value: t.shaky, fill: CONFIDENCE_FILLS.shaky },
      ],
    })),
    [
      { label: 'Missed', fill: CONFIDENCE_FILLS.missed },
      { label: 'Shaky', fill: CONFIDENCE_FILLS.shaky },
    ],
  )

  const outcomes = stackedBarLayout(
    insights.outcomesByKind.map((row) => ({
      label: KIND_LABELS[row.kind],
      segments: OUTCOMES.map((o) => ({
        key: o,
        label: OUTCOME_LABELS[o],
        value: row.counts[o],
        fill: OUTCOME_FILLS[o],
      })),
    })),
    OUTCOMES.map((o) => ({ label: OUTCOME_LABELS[o], fill: OUTCOME_FILLS[o] })),
  )

  return {
    weekly: {
      ...weekly,
      total,
      summary:
        total === 0
          ? `No interviews in the last ${insights.weekly.length} weeks.`
          : `${plural(total, 'interview')} in the last ${insights.weekly.length} weeks; the busiest was the week of ${dayLabel(busiest.weekStart)} with ${busiest.count}.`,
    },
    study: {
      ...study,
      summary:
        studyTopics.length === 0
          ? 'No missed or shaky questions with a topic.'
          : `Topics to study, most urgent first: ${studyTopics
              .map((t) => `${t.topic} (${t.missed} missed, ${t.shaky} shaky)`)
              .join(', ')}.`,
    },
    outcomes: {
      ...outcomes,
      summary: insights.outcomesByKind
        .map(
          (row) =>
            `${KIND_LABELS[row.kind]}: ${OUTCOMES.filter((o) => row.counts[o] > 0)
              .map((o) => `${row.counts[o]} ${OUTCOME_LABELS[o].toLowerCase()}`)
              .join(', ')}`,
        )
        .join('; '),
    },
  }
}
