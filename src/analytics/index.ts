/** Conversation analytics and the operators' dashboard: import from here. */
export { createAnalyticsStore } from './createAnalyticsStore';
export { MemoryAnalyticsStore } from './memoryAnalyticsStore';
export { adminRoutes } from './adminRoutes';
export { routeLabelsOf } from './routeLabels';
export { optionalWrites } from './optionalWrites';
