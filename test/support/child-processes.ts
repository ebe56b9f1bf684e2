import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type ChildExit = { code: number | null; signal: NodeJS.Signals | null };

/** A Node process started from the repository root, with its output collected. */
export class ChildScript {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<ChildExit>;
  exit: ChildExit | null = null;
  private waiters: (() => void)[] = [];

  /** A TypeScript script from test/support, run through bin/run-ts.mjs. */
  static script(name: string, args: string[], env?: NodeJS.ProcessEnv): ChildScript {
    return new ChildScript(['bin/run-ts.mjs', `test/support/${name}`, ...args], env);
  }

  constructor(nodeArgs: string[], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(process.execPath, nodeArgs, {
      cwd: repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let pending = '';
    this.process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exit = { code, signal };
        this.wake();
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Resolves with the first output line that matches, or null if the process exits first. */
  async waitForLine(match: (line: string) => boolean, timeoutMs = 120_000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find(match);
      if (line !== undefined) return line;
      if (this.exit) return null;
      if (Date.now() > deadline) throw new Error(`timed out waiting for output from pid ${this.pid}; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(line: string): void {
    this.process.stdin?.write(`${line}\n`);
  }

  async kill(): Promise<ChildExit> {
    if (!this.exit) this.process.kill('SIGKILL');
    return this.exited;
  }

  describe(): string {
    return `pid ${this.pid} exit ${JSON.stringify(this.exit)}\nstdout tail:\n${this.lines.slice(-5).join('\n')}\nstderr:\n${this.stderr}`;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
