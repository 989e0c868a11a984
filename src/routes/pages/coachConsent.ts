/** What a coach sees and never sees, said the same way wherever consent is asked for. */
export const COACH_SEES = [
  'your dashboard: what needs a follow-up, what is overdue, upcoming and recent interviews',
  'your interviews, with their interviewers and notes',
  'your questions with what you answered and your research',
  'your follow-up drafts, before and after you send them',
  'your insights (on-time rate, study topics)',
]
export const COACH_NEVER_SEES = [
  'your settings and profile',
  'your API tokens',
  'your Mailbox',
  'your calendar address',
  'your export and import',
  'your reminder settings and channels',
]
