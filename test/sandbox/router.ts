import type { SandboxResponse } from './envelopes';
import type { SandboxRequest } from './request';

export type Handler = (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * Minimal path router: literal segments and ":name" parameters, first match wins.
 * Parameters are percent-decoded once (what an API gateway does) and '+' stays '+', because the
 * official SDK puts unionIds and task ids into paths without encoding them.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
    return this;
  }

  match(method: string, rawPath: string): RouteMatch {
    const parts = splitPath(rawPath);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'wrong-method', allowed } : { kind: 'not-found' };
  }
}

function splitPath(p: string): string[] {
  return p.split('/').filter((s, i) => i > 0 || s !== '');
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i];
    if (want.startsWith(':')) {
      if (parts[i] === '') return undefined;
      params[want.slice(1)] = decodeSegment(parts[i]);
    } else if (want !== parts[i]) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes are passed through untouched, as a lenient gateway would
  }
}
