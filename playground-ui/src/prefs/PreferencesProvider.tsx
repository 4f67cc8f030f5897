import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import {
  PreferencesContext,
  applyPresenter,
  applyTheme,
  initialPresenter,
  initialTheme,
} from './preferences';
import type { Preferences, Theme } from './preferences';

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [theme, setThemeState] = useState<Theme>(initialTheme);
  const [presenter, setPresenterState] = useState<boolean>(initialPresenter);
  const value = useMemo<Preferences>(
    () => ({
      theme,
      presenter,
      setTheme(next) {
        applyTheme(next);
        setThemeState(next);
      },
      setPresenter(on) {
        applyPresenter(on);
        setPresenterState(on);
      },
    }),
    [theme, presenter],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}
