import { afterEach, expect } from 'vitest';
import { takeUndeclaredAnswers } from '../helpers/declared-statuses.js';

// Runs after every test of the suite: an answer the OpenAPI document does not describe (its
// status, or for an error its code) fails the test that produced it, so the document cannot
// drift from what the server does.
afterEach(() => {
  expect(
    takeUndeclaredAnswers(),
    'answers whose status or error code is not declared on their route',
  ).toEqual([]);
});
