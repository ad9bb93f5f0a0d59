/** Conversation analytics and the operators' dashboard: import from here. */
export type { AnalyticsStore, ConversationRecord, ConversationSnapshot, ConversationStatus, CsatRating, LowConfidenceMessage, SolutionAttempt } from './types';
export { createAnalyticsStore, type AnalyticsStoreOptions } from './createAnalyticsStore';
export { MemoryAnalyticsStore } from './memoryAnalyticsStore';
export { SqliteAnalyticsStore } from './sqliteAnalyticsStore';
export { RedisAnalyticsStore } from './redisAnalyticsStore';
export { analyticsHooks, type AnalyticsHookOptions } from './analyticsHooks';
export { adminRoutes, mountAdminRoutes, type AdminRouteOptions } from './adminRoutes';
export { summarize, statusOf, type Summary, type SummaryOptions } from './summarize';
export { toCsv } from './csv';
export { parsePeriod, PeriodError, type Period } from './period';
export { routeLabelsOf } from './routeLabels';
export { optionalWrites, type OptionalWritesOptions } from './optionalWrites';
