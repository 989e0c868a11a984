import type { InterviewData, InterviewerData, QuestionData } from '../../src/domain/interviewInput.js'

// Rows for seeding many interviews straight through the repositories (benchmarks, query
// plans): only what a seed varies is given, the rest is left empty.

export const seedInterview = (
  fields: Pick<InterviewData, 'company' | 'role' | 'startsAt' | 'endsAt' | 'timeZone' | 'outcome'>,
): InterviewData => ({ kind: 'technical', location: '', jobUrl: '', notes: '', ...fields })

export const seedInterviewer = (name: string, email: string): InterviewerData => ({
  name,
  title: '',
  email,
  notes: '',
  topics: [],
})

/** A question ready for the follow-up, unresearched and asked by no one in particular. */
export const seedQuestion = (fields: Pick<QuestionData, 'text' | 'confidence' | 'topics'>): QuestionData => ({
  myAnswer: '',
  researchedAnswer: '',
  sources: [],
  researched: false,
  includeInFollowUp: true,
  interviewerId: null,
  ...fields,
})
