/** A broker could not be had; carries what the user needs to fix it. */
export class LaunchError extends Error {
  constructor(
    message: string,
    /** The one command (or step) that would fix it. */
    readonly fix: string,
    /** The last lines of the broker's log, when it got far enough to write one. */
    readonly logTail = '',
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}
