/** SHA256SUMS as `sha256sum` writes it: `<64 hex>  <path>\n` per file. */
export interface Sha256Sums {
  /** path → hex SHA-256, in file order. */
  sums: Map<string, string>;
  problems: string[];
}

const LINE = /^([0-9a-f]{64}) {2}(.+)$/;

export function parseSha256Sums(bytes: Buffer): Sha256Sums {
  const sums = new Map<string, string>();
  const problems: string[] = [];
  const text = bytes.toString('utf8');
  if (text.length && !text.endsWith('\n')) problems.push('SHA256SUMS does not end with a newline');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    // A leading backslash is sha256sum's escape for odd names; bundle names never need it.
    const match = line.startsWith('\\') ? null : LINE.exec(line);
    if (!match) {
      problems.push(`SHA256SUMS line ${index + 1} is not "<sha256>  <path>": ${JSON.stringify(line.slice(0, 120))}`);
      return;
    }
    const [, hash, path] = match;
    if (sums.has(path)) problems.push(`SHA256SUMS lists ${path} twice`);
    sums.set(path, hash);
  });
  return { sums, problems };
}
