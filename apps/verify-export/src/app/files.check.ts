import { check, CheckResult, SUMS_FILE, SUMS_SIG_FILE } from './bundle-format';
import { Sha256Sums } from './sha256sums';
import { ZipBundle } from './zip-bundle.reader';

/** The two files SHA256SUMS cannot cover: itself and its signature. */
export const UNSUMMED = new Set([SUMS_FILE, SUMS_SIG_FILE]);

/** No entry may escape the folder it is unpacked into, and no name may appear twice. */
export function checkEntryNames(zip: ZipBundle): CheckResult {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { name } of zip.entries) {
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) problems.push(`${JSON.stringify(name)} is an absolute path`);
    else if (name.includes('\\')) problems.push(`${JSON.stringify(name)} contains a backslash`);
    else if (name.split('/').includes('..')) problems.push(`${JSON.stringify(name)} climbs out with ".."`);
    else if (name === '' || name.includes('\0')) problems.push(`${JSON.stringify(name)} is not a file name`);
    if (seen.has(name)) problems.push(`${JSON.stringify(name)} appears twice in the ZIP`);
    seen.add(name);
  }
  return check('Entry names are safe (no absolute paths, no "..", no duplicates)', problems, [`${zip.entries.length} names`]);
}

/** SHA256SUMS lists exactly the entries: nothing unlisted is smuggled in, nothing listed is missing. */
export function checkSumsCoverage(zip: ZipBundle, sums: Sha256Sums | null): CheckResult {
  const title = 'SHA256SUMS lists every file, and every listed file is in the ZIP';
  if (!sums) return check(title, [`${SUMS_FILE} is missing`]);
  const problems = [...sums.problems];
  const names = new Set(zip.entries.map((entry) => entry.name));
  for (const name of names) {
    if (!UNSUMMED.has(name) && !sums.sums.has(name)) problems.push(`${name} is in the ZIP but not in SHA256SUMS`);
  }
  for (const path of sums.sums.keys()) {
    if (UNSUMMED.has(path)) problems.push(`SHA256SUMS lists ${path}, which cannot cover itself`);
    else if (!names.has(path)) problems.push(`${path} is listed in SHA256SUMS but missing from the ZIP`);
  }
  for (const name of UNSUMMED) if (!names.has(name)) problems.push(`${name} is missing`);
  return check(title, problems, [`${sums.sums.size} files listed`]);
}

/** Every listed file that is present hashes to its line in SHA256SUMS. */
export function checkFileHashes(zip: ZipBundle, sums: Sha256Sums | null): CheckResult {
  const title = 'Every file matches its SHA-256 in SHA256SUMS';
  if (!sums) return check(title, [`${SUMS_FILE} is missing`]);
  const problems: string[] = [];
  let checked = 0;
  let bytes = 0;
  for (const entry of zip.entries) {
    const expected = sums.sums.get(entry.name);
    if (!expected) continue;
    if (entry.sha256 === null) {
      problems.push(`${entry.name} cannot be read: ${entry.readError}`);
    } else if (entry.sha256 !== expected) {
      problems.push(`${entry.name} has SHA-256 ${entry.sha256}, SHA256SUMS says ${expected}`);
    } else {
      checked += 1;
      bytes += entry.size;
    }
  }
  return check(title, problems, [`${checked} files, ${formatBytes(bytes)}`]);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes} bytes (${value.toFixed(1)} ${units[unit]})`;
}
