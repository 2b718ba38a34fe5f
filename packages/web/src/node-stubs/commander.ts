/** commander in the browser: only the option parsers' error class is used there. */
export class InvalidArgumentError extends Error {
  override readonly name = "InvalidArgumentError";
}
