// The input checks, split by what they check; this module keeps the one import path that
// the rest of Debrief uses.
export * from './fieldChecks.js'
export * from './interviewChecks.js'
export * from './questionChecks.js'
