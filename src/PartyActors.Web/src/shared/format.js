// Numbers, rates and times in the page's language.
import { currentLang } from './i18n.js';

export function number(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(currentLang(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function percent(value) {
  return value === null || value === undefined ? '—' : `${number(value, 1)}%`;
}

export function time(date) {
  return new Intl.DateTimeFormat(currentLang(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}

export function day(text) {
  if (!text) return '—';
  const date = new Date(text.length === 10 ? `${text}T00:00:00+08:00` : text);
  return new Intl.DateTimeFormat(currentLang(), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai' }).format(date);
}

/** The month of China Standard Time that `date` falls in, as the API spells periods: 2026-11. */
export function cstMonth(date, offsetMonths = 0) {
  const cst = new Date(date.getTime() + 8 * 3600 * 1000);
  const d = new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() + offsetMonths, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
