// Theme (light/dark) and presenter mode: kept in localStorage and on <html data-…> so CSS alone
// restyles the page, and readable from React for the few things CSS cannot reach (chart colours).
import { createContext, useContext } from 'react';

export type Theme = 'light' | 'dark';

export interface Preferences {
  theme: Theme;
  presenter: boolean;
  setTheme(theme: Theme): void;
  setPresenter(on: boolean): void;
}

const THEME_KEY = 'playground.theme';
const PRESENTER_KEY = 'playground.presenter';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function initialTheme(): Theme {
  const stored = read(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function initialPresenter(): boolean {
  return read(PRESENTER_KEY) === '1';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  write(THEME_KEY, theme);
}

export function applyPresenter(on: boolean): void {
  if (on) document.documentElement.dataset.presenter = 'on';
  else delete document.documentElement.dataset.presenter;
  write(PRESENTER_KEY, on ? '1' : '0');
}

export const PreferencesContext = createContext<Preferences>({
  theme: 'light',
  presenter: false,
  setTheme: () => undefined,
  setPresenter: () => undefined,
});

export function usePreferences(): Preferences {
  return useContext(PreferencesContext);
}
