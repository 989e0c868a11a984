/**
 * What both route trees say when a row is not the owner's or no longer exists. One wording
 * each: whatever the id names (someone else's row, a deleted one), the answer is the same.
 */
export const NOT_FOUND = {
  interview: 'There is no such interview. It may have been deleted; see your list of interviews.',
  interviewer: 'There is no such interviewer. They may have been removed from the interview.',
  question: 'There is no such question. It may have been deleted; see the question bank.',
  askQuestion: 'There is no such question to ask. It may have been deleted.',
  asked: 'That question was not asked at any of your interviews.',
} as const

/** The one message for "that interview is not yours or is gone", in pages, the API and reminders. */
export const INTERVIEW_NOT_FOUND = NOT_FOUND.interview
