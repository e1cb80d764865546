// The real `watchpost ui` (browser mode) in the background, as a user starts it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN } from './cli';

export interface UiServer {
  url: string;
  /** The settings folder the server reports. */
  data_dir: string;
  child: ChildProcessWithoutNullStreams;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startUi(dataDir: string, extra: string[] = ['--tiles', 'none'], timeout_ms = 20_000): Promise<UiServer> {
  const child = spawn(process.execPath, [BIN, 'ui', '--port', '0', '--data-dir', dataDir, '--json', ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Never outlive the test process (a killed test run must not leave servers behind).
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  void exited.then(() => process.off('exit', killChild));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`watchpost ui did not start in ${timeout_ms} ms: ${stderr}`));
    }, timeout_ms);
    child.stdout.on('data', (d) => {
      stdout += d;
      let ready: { url: string; data_dir: string };
      try {
        ready = JSON.parse(stdout) as { url: string; data_dir: string }; // one JSON object, printed when ready
      } catch {
        return; // not all of it yet
      }
      clearTimeout(timer);
      resolve({
        ...ready,
        child,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`watchpost ui exited (${code}) before it was ready: ${stderr}`));
    });
  });
}
