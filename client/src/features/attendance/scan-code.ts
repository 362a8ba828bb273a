/** On the web there is no camera scan API; the check-in page shows a code field instead. */
export const scanCheckInCode: (() => Promise<string>) | undefined = undefined;
