// A bounded log of STATUSTEXT messages, with MAVLink 2 chunked texts (id ≠ 0) joined back together.
import { severityName } from './names';

export interface StatusTextEntry {
  /** Clock time the (last chunk of the) text arrived, ms. */
  t_ms: number;
  severity: number;
  severity_name: string;
  text: string;
}

interface Pending {
  severity: number;
  chunks: string[];
}

const CHUNK_LEN = 50;
const MAX_PENDING = 16;

export class StatusTextLog {
  private readonly entries: StatusTextEntry[] = [];
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly capacity = 100) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`StatusTextLog: capacity must be an integer >= 1, got ${capacity}`);
  }

  /** Add one STATUSTEXT; returns the completed entry, or undefined while a chunked text is still incomplete. */
  add(t_ms: number, severity: number, text: string, id = 0, chunk_seq = 0): StatusTextEntry | undefined {
    if (id === 0) return this.push(t_ms, severity, text);
    let p = this.pending.get(id);
    if (!p || chunk_seq === 0) {
      // A sender that never finishes a text must not grow this map: keep the newest few only.
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as number);
      p = { severity, chunks: [] };
      this.pending.set(id, p);
    }
    p.chunks[chunk_seq] = text;
    if (text.length >= CHUNK_LEN) return undefined;
    this.pending.delete(id);
    return this.push(t_ms, p.severity, p.chunks.map((c) => c ?? '').join(''));
  }

  /** The newest `n` entries, oldest first. */
  last(n = this.capacity): StatusTextEntry[] {
    return this.entries.slice(Math.max(0, this.entries.length - n)).map((e) => ({ ...e }));
  }

  get size(): number {
    return this.entries.length;
  }

  private push(t_ms: number, severity: number, text: string): StatusTextEntry {
    const entry: StatusTextEntry = { t_ms, severity, severity_name: severityName(severity), text };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    return entry;
  }
}
