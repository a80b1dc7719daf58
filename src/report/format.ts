/** How numbers read in the text report, the CSV and the dashboard's tables. */

/** `0.8333` → `83.3%`; an unknown rate → `–`. */
export function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** Hours as `36.5 h`; an unknown duration → `–`. */
export function hoursText(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)} h`;
}

/** `17000` → `17,000.00 USD`. */
export function money(amount: number, currency: string): string {
  const text = amount.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${text} ${currency}`;
}

/** Fixed decimals for machine output: rates to 4 places, hours and amounts to 2. */
export function decimal(value: number | null, places: number): string {
  return value === null ? '' : String(Number(value.toFixed(places)));
}
