// `watchpost signing setup`: the command and its options. The action lives in signing.ts and is loaded only when it
// runs (--help and usage errors never load it).
import { Option, type Command } from 'commander';
import { intInRange, positiveSeconds } from '../args';
import type { CommandResult } from '../main';
import { linkOption, signingKeyOption } from './link-option';
import type { SigningSetupOptions } from './signing';

export function registerSigning(program: Command, result: CommandResult): void {
  const signing = program.command('signing').description('MAVLink 2 message signing of a vehicle');
  signing
    .command('setup')
    .description('give a vehicle its signing key with SETUP_SIGNING (over a link you trust: USB), then check that signed traffic works')
    .addOption(linkOption())
    // No argument parser: commander would quote a refused value, and a key is never printed (see link-option.ts).
    .addOption(new Option('--key <passphrase|hex>', 'the new key: a passphrase (its SHA-256, as MAVProxy and QGroundControl derive it) or 64 hex digits').makeOptionMandatory())
    .addOption(signingKeyOption('the key the vehicle has now, to sign SETUP_SIGNING with when changing the key over a link that requires it'))
    .option('--sysid <n>', 'the vehicle, when several share the link (default: the first heard)', intInRange(1, 255))
    .option('--timeout <s>', 'seconds to wait for the vehicle, and then for its signed answer', positiveSeconds, 10)
    .option('--json', 'print one JSON object')
    .action(async (opts: SigningSetupOptions) => {
      result.code = await (await import('./signing')).signingSetup(opts);
    });
}
