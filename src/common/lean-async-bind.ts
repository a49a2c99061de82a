import { AsyncResource } from 'node:async_hooks';

let installed = false;

/**
 * Node 20's `AsyncResource#bind` gives every bound function an `asyncResource` accessor wrapped in
 * two fresh deprecation shims (DEP0172), whose prototype surgery made it a tenth of a small
 * request's CPU: Nest binds twice per request around its interceptor, Fastify once per body. This
 * puts back a bind that does the same (the call runs in the resource's async scope, with the
 * caller's `this` or `thisArg`; `length` and `asyncResource` as before) without the shims.
 *
 * Installed by the standalone service at start (main.ts) and only where the runtime builds those
 * accessors; a host application that imports the module may call it too. Returns whether it
 * replaced the runtime's own.
 */
export function installLeanAsyncBind(): boolean {
  if (installed) return true;
  const probe = new AsyncResource('imr-probe').bind(() => undefined);
  if (!Object.getOwnPropertyDescriptor(probe, 'asyncResource')?.get) return false;
  AsyncResource.prototype.bind = function bind(this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown) {
    if (typeof fn !== 'function') {
      throw Object.assign(new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`), {
        code: 'ERR_INVALID_ARG_TYPE',
      });
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the resource the bound function runs in
    const resource = this;
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : function (...args: unknown[]) {
            return resource.runInAsyncScope(fn, thisArg, ...args);
          };
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
    Object.defineProperty(bound, 'asyncResource', { configurable: true, enumerable: true, writable: true, value: resource });
    return bound;
  } as unknown as typeof AsyncResource.prototype.bind;
  installed = true;
  return true;
}
