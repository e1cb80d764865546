// The real `watchpost ui` (browser mode) in the background, as a user starts it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN, readyObject } from './cli';

export interface UiServer {
  url: string;
  /** The settings folder the server reports. */
  data_dir: string;
  child: ChildProcessWithoutNullStreams;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function startUi(dataDir: string, extra: string[] = ['--tiles', 'none'], timeout_ms = 20_000): Promise<UiServer> {
  const child = spawn(process.execPath, [BIN, 'ui', '--port', '0', '--data-dir', dataDir, '--json', ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Never outlive the test process (a killed test run must not leave servers behind).
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  void exited.then(() => process.off('exit', killChild));
  const ready = await readyObject<{ url: string; data_dir: string }>(child, 'watchpost ui', timeout_ms);
  return {
    ...ready,
    child,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
