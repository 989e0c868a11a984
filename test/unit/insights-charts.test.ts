import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { columnLayout, niceScale, stackedBarLayout } from '../../src/domain/charts.js'
import { insightCharts } from '../../src/domain/insightCharts.js'
import { computeInsights } from '../../src/domain/insights.js'
import { fixtureRows } from '../helpers/insightFixtures.js'

describe('chart geometry', () => {
  it('rounds the scale up to a readable maximum', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1 })
    expect(niceScale(3)).toEqual({ max: 3, step: 1 })
    expect(niceScale(7)).toEqual({ max: 8, step: 2 })
    expect(niceScale(17)).toEqual({ max: 20, step: 5 })
    expect(niceScale(230)).toEqual({ max: 300, step: 100 })
    expect(niceScale(190)).toEqual({ max: 200, step: 50 })
  })

  it('draws one bar per value, proportional, inside the view box, labelling from the newest', () => {
    const data = [0, 1, 2, 4, 0, 3, 1, 0, 0, 2, 1, 4].map((value, i) => ({
      label: `w${i}`,
      value,
      title: `w${i}: ${value}`,
    }))
    const chart = columnLayout(data, { labelEvery: 3 })
    expect(chart.bars).toHaveLength(12)
    const unit = chart.bars[3]!.height / 4
    for (const bar of chart.bars) {
      expect(bar.height).toBeCloseTo(bar.value * unit, 0)
      expect(bar.x).toBeGreaterThanOrEqual(chart.plotLeft)
      expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plotRight + 0.1)
      expect(bar.y + bar.height).toBeCloseTo(chart.baseline, 5)
    }
    expect(chart.bars.filter((b) => b.showLabel).map((b) => b.label)).toEqual(['w2', 'w5', 'w8', 'w11'])
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4])
  })

  it('never draws outside the view box, whatever the counts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 30 }), (values) => {
        const chart = columnLayout(values.map((value) => ({ label: '', value, title: '' })))
        return chart.bars.every(
          (b) => b.y >= chart.plotTop - 0.1 && b.height >= 0 && b.x >= 0 && b.x + b.width <= chart.width,
        )
      }),
    )
  })

  it('stacks segments in order, drops empty ones and shortens long labels', () => {
    const chart = stackedBarLayout(
      [
        {
          label: 'A very long topic name indeed',
          segments: [
            { key: 'missed', label: 'Missed', value: 2, fill: 'red' },
            { key: 'shaky', label: 'Shaky', value: 0, fill: 'orange' },
          ],
        },
        {
          label: 'SQL',
          segments: [
            { key: 'missed', label: 'Missed', value: 1, fill: 'red' },
            { key: 'shaky', label: 'Shaky', value: 3, fill: 'orange' },
          ],
        },
      ],
      [{ label: 'Missed', fill: 'red' }],
    )
    const [first, second] = chart.rows as [(typeof chart.rows)[0], (typeof chart.rows)[0]]
    expect(first.segments.map((s) => s.key)).toEqual(['missed'])
    expect(first.shortLabel).toBe('A very long topic…')
    expect(second.segments[1]!.x).toBeCloseTo(second.segments[0]!.x + second.segments[0]!.width, 0)
    // The longest row fills the bar area exactly.
    const end = second.segments[1]!.x + second.segments[1]!.width
    expect(end).toBeCloseTo(chart.width - 30, 0)
    expect(second.total).toBe(4)
  })

  it('describes each insight chart in words for screen readers', () => {
    const insights = computeInsights({
      ...fixtureRows(),
      now: Date.parse('2026-03-02T15:00:00Z'),
      timeZone: 'UTC',
    })
    const charts = insightCharts(insights)
    expect(charts.weekly.bars).toHaveLength(12)
    expect(charts.weekly.summary).toBe(
      '5 interviews in the last 12 weeks; the busiest was the week of 23 Feb with 2.',
    )
    expect(charts.study.rows.map((r) => r.label)).toEqual([
      'System design',
      'Indexes',
      'SQL',
      'Caching',
      'Behavioural',
    ])
    expect(charts.study.summary).toMatch(
      /^Topics to study, most urgent first: System design \(2 missed, 0 shaky\)/,
    )
    expect(charts.outcomes.rows).toHaveLength(4)
    expect(charts.outcomes.summary).toBe(
      'Phone screen: 1 rejected; Technical: 1 pending, 1 offer, 1 rejected; Onsite: 1 pending; HR / culture: 1 withdrawn',
    )
  })
})
