import type { Express } from 'express';

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

function routesOf(stack: Layer[], out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) if (method !== '_all') out.push(`${method.toUpperCase()} ${layer.route.path}`);
    } else if (layer.handle?.stack) {
      routesOf(layer.handle.stack, out);
    }
  }
  return out;
}

/** Every API route the app serves, as `METHOD /path`, read from Express's router (nested routers included). */
export function apiRoutesOf(app: Express): string[] {
  return routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => r.includes(' /api/'));
}
