export { healthRouter, type ReadinessProbe } from './health.routes';
