/** node:fs in the browser: the shared code's file readers are never called there. */
const unavailable = (name: string) => () => {
  throw new Error(`${name} is not available in the browser`);
};
export const readFileSync = unavailable("readFileSync");
export const existsSync = (): boolean => false;
