// Series colours that stay distinct for colour-blind readers (after Okabe & Ito), tuned for
// contrast on each theme's background.
import type { Theme } from '../prefs/preferences';

const LIGHT = [
  '#0b6bcb',
  '#d9480f',
  '#087f5b',
  '#ae3ec9',
  '#b08800',
  '#c2255c',
  '#1098ad',
  '#5c7cfa',
  '#66a80f',
  '#495057',
  '#e8590c',
  '#7048e8',
];
const DARK = [
  '#4dabf7',
  '#ff922b',
  '#38d9a9',
  '#da77f2',
  '#ffd43b',
  '#f783ac',
  '#3bc9db',
  '#91a7ff',
  '#a9e34b',
  '#ced4da',
  '#ffa94d',
  '#b197fc',
];

export function palette(theme: Theme): readonly string[] {
  return theme === 'dark' ? DARK : LIGHT;
}
