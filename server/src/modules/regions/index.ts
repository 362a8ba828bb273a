export { regionsRouter } from './regions.routes';
