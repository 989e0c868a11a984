import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from '../../src/domain/transfer.js'

/**
 * A valid export of `count` past interviews, one hour each, a day apart from 2020 on, every
 * hundredth with an interviewer and a question: the shape of a large account exported after
 * years of use (13,000 interviews come to about 4.5 MB of JSON).
 */
export function bigExport(count: number, company = 'Bulk Co'): ExportDocument {
  const start = Date.parse('2020-01-06T14:00:00.000Z')
  const interviews: ExportDocument['interviews'] = []
  for (let i = 0; i < count; i++) {
    // Minutes only (the format allows it) keeps 13,000 interviews under the 5 MB limit.
    const startsAt = new Date(start + i * 86_400_000).toISOString().slice(0, 16) + 'Z'
    const endsAt = new Date(start + i * 86_400_000 + 3_600_000).toISOString().slice(0, 16) + 'Z'
    const withPeople = i % 100 === 0
    interviews.push({
      company: `${company} ${i % 97}`,
      role: `E${i}`,
      kind: 'technical',
      startsAt,
      endsAt,
      timeZone: 'Europe/Berlin',
      location: '',
      jobUrl: '',
      notes: '',
      outcome: 'pending',
      followUpState: 'done',
      followUpDoneAt: null,
      createdAt: startsAt,
      updatedAt: endsAt,
      interviewers: withPeople
        ? [
            {
              name: `Person ${i}`,
              title: '',
              email: '',
              notes: '',
              topics: [],
              thankYouSentAt: endsAt,
              answersSentAt: null,
              createdAt: endsAt,
              updatedAt: endsAt,
            },
          ]
        : [],
      questions: withPeople
        ? [
            {
              interviewerIndex: 0,
              text: `Question ${i}`,
              confidence: 'nailed',
              topics: [],
              myAnswer: '',
              researchedAnswer: '',
              sources: [],
              researched: false,
              researchedAt: null,
              includeInFollowUp: false,
              createdAt: endsAt,
              updatedAt: endsAt,
            },
          ]
        : [],
      asked: [],
    })
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: '2026-03-01T12:00:00.000Z',
    user: { name: 'Bulk Importer', timeZone: 'Europe/Berlin' },
    interviews,
    askQuestions: [],
    drafts: [],
    reminderSettings: {
      leads: [240],
      researchEnabled: true,
      overdueEnabled: true,
      quietHours: null,
      email: null,
    },
  }
}
