import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output: () => string;
}

/** Starts `src/main.ts` as `npm start` does (or `npm start` itself), and keeps what it prints. */
export function startServer(
  env: Record<string, string>,
  command: 'main' | 'npm-start' = 'main',
): ServerProcess {
  const [file, args] =
    command === 'main'
      ? [process.execPath, ['--import', 'tsx', 'src/main.ts']]
      : ['npm', ['start', '--silent']];
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

export async function waitForOutput(server: ServerProcess, text: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes(text)) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`server exited: ${server.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`server did not print "${text}": ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const waitForListening = (server: ServerProcess) => waitForOutput(server, 'Server listening');
