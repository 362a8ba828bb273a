/**
 * When a donor may still ask for a donation receipt (捐赠票据): within 3 calendar months of giving
 * and in the same calendar year, both counted on the Asia/Shanghai calendar.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Months after payment in which a receipt may be requested. */
export const RECEIPT_REQUEST_MONTHS = 3;
/** Donors are reminded this many days before their window closes. */
export const RECEIPT_REMINDER_LEAD_DAYS = 7;

/** The same instant `months` calendar months later (UTC fields; the 31st falls back to the month's last day). */
export function addCalendarMonths(at: Date, months: number): Date {
  const result = new Date(at.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

/**
 * The instant the window closes (exclusive): 3 months after payment on Shanghai's calendar, or the
 * first instant of the next Shanghai calendar year, whichever is earlier.
 */
export function receiptRequestDeadline(paidAt: Date): Date {
  const local = new Date(paidAt.getTime() + SHANGHAI_OFFSET_MS);
  const threeMonths = addCalendarMonths(local, RECEIPT_REQUEST_MONTHS).getTime() - SHANGHAI_OFFSET_MS;
  const nextYear = Date.UTC(local.getUTCFullYear() + 1, 0, 1) - SHANGHAI_OFFSET_MS;
  return new Date(Math.min(threeMonths, nextYear));
}

/** Whether a receipt may still be requested at `now` for a donation paid at `paidAt`. */
export function receiptRequestOpen(paidAt: Date, now: Date): boolean {
  return now.getTime() >= paidAt.getTime() && now.getTime() < receiptRequestDeadline(paidAt).getTime();
}

/** When to remind the donor: a week before the window closes, but not within a day of paying; null when too late for a reminder. */
export function receiptReminderDue(paidAt: Date): Date | null {
  const deadline = receiptRequestDeadline(paidAt).getTime();
  const due = Math.max(deadline - RECEIPT_REMINDER_LEAD_DAYS * DAY_MS, paidAt.getTime() + DAY_MS);
  return due < deadline - 3_600_000 ? new Date(due) : null;
}

/**
 * When to remind about a donation that is free to request again (its request was declined): at the
 * usual time, or at `now` when that has passed while the window is still open; null when the window
 * has closed or is too short for a reminder.
 */
export function receiptReminderAfterDecline(paidAt: Date, now: Date): Date | null {
  const due = receiptReminderDue(paidAt);
  if (!due || !receiptRequestOpen(paidAt, now)) return null;
  return due.getTime() > now.getTime() ? due : now;
}
