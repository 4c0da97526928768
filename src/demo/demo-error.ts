/** Why the demo could not start. */

export type DemoErrorCode = 'no_environments' | 'invalid_option';

/** Thrown by the demo for a spec it cannot simulate or an option out of range. */
export class DemoError extends Error {
  constructor(
    readonly code: DemoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DemoError';
  }
}
