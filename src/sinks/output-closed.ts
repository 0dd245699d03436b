/**
 * Thrown by a sink whose reader went away (`clickgen ... | head`): the run stops
 * quietly, as a finished run, without an error message.
 */
export class OutputClosed extends Error {
  constructor(readonly destination: string) {
    super(`${destination} was closed by the reader`);
    this.name = 'OutputClosed';
  }
}
