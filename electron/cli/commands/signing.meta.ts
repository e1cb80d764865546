// `watchpost signing setup`: the command and its options. The action lives in signing.ts and is loaded only when it
// runs (--help and usage errors never load it).
import { Option, type Command } from 'commander';
import { intInRange, positiveSeconds } from '../args';
import type { CommandResult } from '../main';
import { keySourcesHook, linkOption, newKeyFileOption, NEW_KEY_SOURCES, SIGNING_KEY_SOURCES, signingKeyFileOption, signingKeyOption } from './link-option';
import type { SigningSetupOptions } from './signing';

export function registerSigning(program: Command, result: CommandResult): void {
  const signing = program.command('signing').description('MAVLink 2 message signing of a vehicle');
  signing
    .command('setup')
    .description('give a vehicle its signing key with SETUP_SIGNING, then check that signed traffic works; the key goes in clear, so only over serial (the flight controller\'s USB) or loopback (the simulator, SITL) unless --insecure-link')
    .addOption(linkOption())
    // No argument parser: commander would quote a refused value, and a key is never printed (see link-option.ts).
    // Not mandatory for commander: the new key may come from --key-file or WATCHPOST_SIGNING_NEW_KEY instead (the
    // preAction hook below requires exactly one of the three).
    .addOption(new Option('--key <passphrase|hex>', 'the new key: a passphrase (its SHA-256, as MAVProxy and QGroundControl derive it) or 64 hex digits (visible to other users in `ps`: prefer --key-file or WATCHPOST_SIGNING_NEW_KEY)'))
    .addOption(newKeyFileOption())
    .addOption(signingKeyOption('the key the vehicle has now, to sign SETUP_SIGNING with when the vehicle requires it on this link (signing does not hide the new key: it still goes in clear)'))
    .option('--insecure-link', 'send the key over a link that is neither serial nor loopback (a radio, WiFi, a network) anyway: anyone listening learns it')
    .addOption(signingKeyFileOption())
    .hook('preAction', keySourcesHook(NEW_KEY_SOURCES, SIGNING_KEY_SOURCES))
    .option('--sysid <n>', 'the vehicle, when several share the link (default: the first heard)', intInRange(1, 255))
    .option('--timeout <s>', 'seconds to wait for the vehicle, and then for its signed answer', positiveSeconds, 10)
    .option('--json', 'print one JSON object')
    .action(async (opts: SigningSetupOptions) => {
      result.code = await (await import('./signing')).signingSetup(opts);
    });
}
