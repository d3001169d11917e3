// One throwaway Harper per test suite (or per describe block): started before
// its tests, stopped and removed after them.
import { afterAll, beforeAll } from 'vitest';
import { startHarper, type Harper, type StartOptions } from './harness.js';
import { client, type Api } from './client.js';

export interface Suite {
  harper: Harper;
  api: Api;
}

export function harperForSuite(options: StartOptions = {}, ready?: (suite: Suite) => void | Promise<void>): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.harper = await startHarper(options);
    suite.api = client(suite.harper);
    await ready?.(suite);
  });
  afterAll(async () => {
    await suite.harper?.stop();
    suite.harper?.remove();
  });
  return suite;
}
