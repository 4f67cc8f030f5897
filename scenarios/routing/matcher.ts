// RabbitMQ's routing rules, written out independently of the broker: the run predicts from the
// published keys where each message should land, and the checks hold that against what the
// broker's queues actually received.

/**
 * Topic matching: the key and pattern are dot-separated words; `*` stands for exactly one word
 * and `#` for zero or more. Dynamic programming over word positions, so a pattern of many `#`
 * stays linear in its size times the key's.
 */
export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  // next[j]: does p[i+1..] match k[j..]; built from the end of the pattern backwards.
  let next = new Array<boolean>(k.length + 1).fill(false);
  next[k.length] = true;
  for (let i = p.length - 1; i >= 0; i--) {
    const word = p[i];
    const current = new Array<boolean>(k.length + 1).fill(false);
    for (let j = k.length; j >= 0; j--) {
      if (word === '#') {
        // Zero words (skip the #), or one more word swallowed by it.
        current[j] = (next[j] ?? false) || (j < k.length && (current[j + 1] ?? false));
      } else {
        current[j] = j < k.length && (word === '*' || word === k[j]) && (next[j + 1] ?? false);
      }
    }
    next = current;
  }
  return next[0] ?? false;
}

/** Direct matching: the whole key, character for character; `*` and `#` are plain text. */
export function directMatches(bindingKey: string, key: string): boolean {
  return bindingKey === key;
}

export interface HeadersBinding {
  match: 'all' | 'any';
  args: Record<string, string>;
}

/** Headers matching: all (or any) of the binding's name=value pairs equal the message's. */
export function headersMatch(binding: HeadersBinding, headers: Record<string, string>): boolean {
  const pairs = Object.entries(binding.args);
  const equal = ([name, value]: [string, string]): boolean => headers[name] === value;
  return binding.match === 'all' ? pairs.every(equal) : pairs.some(equal);
}

/** 'any: region=apac, retry=yes' → { match: 'any', args: { region: 'apac', retry: 'yes' } }. */
export function parseHeadersBinding(text: string): HeadersBinding {
  const colon = text.indexOf(':');
  const match = text.slice(0, colon).trim();
  if (match !== 'all' && match !== 'any')
    throw new Error(`headers binding "${text}": all: or any:`);
  const args: Record<string, string> = {};
  for (const pair of text.slice(colon + 1).split(',')) {
    const [name, value] = pair.split('=').map((s) => s.trim());
    if (!name || !value) throw new Error(`headers binding "${text}": expected name=value`);
    args[name] = value;
  }
  return { match, args };
}

export function headersBindingText(binding: HeadersBinding): string {
  const pairs = Object.entries(binding.args).map(([n, v]) => `${n}=${v}`);
  return `${binding.match}: ${pairs.join(', ')}`;
}
