/** Text with `code` spans, as the server writes its fix-it hints. */
export function InlineCode({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`)/g);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
          <code key={i}>{part.slice(1, -1)}</code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The server's unavailable reason reads "<what is wrong>. Fix: <what to do>". */
export function splitReason(reason: string): { problem: string; fix: string | undefined } {
  const at = reason.indexOf('Fix:');
  if (at < 0) return { problem: reason, fix: undefined };
  return { problem: reason.slice(0, at).trim(), fix: reason.slice(at + 4).trim() };
}
