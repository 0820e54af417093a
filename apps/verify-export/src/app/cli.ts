import { readFileSync, statSync } from 'node:fs';
import { renderJson, renderReport } from './report';
import { readPublicKey } from './signature.check';
import { verifyBundle, VerifyOptions } from './verify-bundle';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: verify-export [--json] [--public-key <pem file>] <bundle.zip>

Checks an evidence export bundle without a server: every file against SHA256SUMS, the
Ed25519 signature over SHA256SUMS, manifest.json, the audit events' hashes and links, the
signed audit checkpoint and custody.json. Exit 0 when every check passes, 1 when any fails,
2 for a usage error or a file that cannot be read.

  --public-key <pem>  the operator's published key (GET /api/audit-events/public-key);
                      the bundle must be signed by it
  --json              print a machine-readable result instead of the report
`;

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface Args {
  bundle: string;
  json: boolean;
  publicKey?: string;
}

function parseArgs(argv: string[]): Args | string {
  let json = false;
  let publicKey: string | undefined;
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--json') json = true;
    else if (arg === '--public-key') {
      publicKey = argv[(index += 1)];
      if (!publicKey) return '--public-key needs a PEM file';
    } else if (arg.startsWith('--public-key=')) publicKey = arg.slice('--public-key='.length);
    else if (arg === '--help' || arg === '-h') return '';
    else if (arg.startsWith('-') && arg !== '-') return `Unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return positional.length ? 'Give exactly one bundle' : 'Give the bundle to check';
  return { bundle: positional[0], json, ...(publicKey ? { publicKey } : {}) };
}

/** The whole command, minus process: returns the exit code. */
export async function runCli(argv: string[], output: Output): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    output.err(`${args ? `${args}\n\n` : ''}${USAGE}`);
    return args ? EXIT_USAGE : EXIT_OK;
  }
  const options: VerifyOptions = {};
  if (args.publicKey) {
    let pem: Buffer;
    try {
      pem = readFileSync(args.publicKey);
    } catch (error) {
      output.err(`Cannot read the public key ${args.publicKey}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    const { key, problem } = readPublicKey(pem, args.publicKey);
    if (!key) {
      output.err(`${problem}\n`);
      return EXIT_USAGE;
    }
    options.pinned = { key, path: args.publicKey };
  }
  try {
    if (!statSync(args.bundle).isFile()) throw new Error('not a file');
  } catch (error) {
    output.err(`Cannot read the bundle ${args.bundle}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const result = await verifyBundle(args.bundle, options);
  output.out(args.json ? renderJson(result) : renderReport(result));
  return result.ok ? EXIT_OK : EXIT_FAILED;
}
