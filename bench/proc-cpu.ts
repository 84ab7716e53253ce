/** CPU seconds of processes, from /proc/<pid>/stat (Linux): utime + stime, plus the time of reaped children. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks = 0;
function clockTicks(): number {
  if (!ticks) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

interface Stat {
  comm: string;
  seconds: number;
}

function stat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const comm = text.slice(open + 1, close);
  const f = text.slice(close + 2).split(' '); // f[0] = field 3 (state)
  const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
  return { comm, seconds: (utime + stime + cutime + cstime) / clockTicks() };
}

/** CPU seconds used so far by one process and its reaped children (0 when it is gone). */
export function cpuSecondsOf(pid: number | undefined): number {
  return pid ? (stat(pid)?.seconds ?? 0) : 0;
}

export interface PostgresCpu {
  /** Every process named postgres on this machine (the postmaster's total includes exited backends). */
  all: number;
  /** CPU seconds so far of each live backend connected to `database` (its command line names it), by pid. */
  database: Map<number, number>;
}

export function postgresCpuSeconds(database: string): PostgresCpu {
  let all = 0;
  const db = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (!s || (s.comm !== 'postgres' && !s.comm.startsWith('postgres:'))) continue;
    all += s.seconds;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      /* gone */
    }
    if (cmdline.includes(` ${database} `)) db.set(Number(entry), s.seconds);
  }
  return { all, database: db };
}

/**
 * CPU seconds the backends of one database used between two snapshots: per pid, so a backend that exits in
 * between (a pool closing an idle connection) does not make the sum go down; a new one counts from zero.
 */
export function backendDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of after) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

export function procAvailable(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
