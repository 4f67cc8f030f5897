// Copies a command to the clipboard and says so where a screen reader hears it. The Clipboard
// API needs a secure context (localhost is one); elsewhere the text is selected for Ctrl+C.
import { useEffect, useRef, useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async (button: HTMLButtonElement): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const code = button.parentElement?.querySelector('code');
      if (code) window.getSelection()?.selectAllChildren(code);
      setState('select');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  };

  return (
    <button
      type="button"
      className="button secondary small copy-button"
      aria-label={`Copy the command: ${label}`}
      onClick={(e) => void copy(e.currentTarget)}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'select' ? 'Selected: Ctrl+C' : 'Copy'}
      </span>
    </button>
  );
}
