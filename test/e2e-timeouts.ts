/**
 * The e2e project's time limit for tests and hooks. A project's own `testTimeout` is not applied by jest 30 (the root
 * value, 60 s, was), while TestStack.start waits up to 120 s for the API and again for the worker on a loaded machine.
 */
jest.setTimeout(240_000);
