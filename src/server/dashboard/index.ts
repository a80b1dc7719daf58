export { dashboardRouter, type DashboardOptions } from './router.ts';
