import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export interface Child {
  proc: ChildProcess;
  port: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Forks a TypeScript entry point under tsx; it reports {ready, port} over IPC once listening. */
export function startChild(file: string, env: Record<string, string>, timeoutMs = 120_000, nodeArgs: string[] = []): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(file, [], {
      execArgv: [...nodeArgs, "--import", "tsx"],
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`${file} did not report ready within ${timeoutMs} ms`));
    }, timeoutMs);
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
    proc.on("message", (m: { ready?: boolean; port?: number }) => {
      if (!m.ready) return;
      clearTimeout(timer);
      resolve({
        proc,
        port: m.port!,
        rssMb: () => {
          const status = fs.readFileSync(`/proc/${proc.pid}/status`, "utf8");
          return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
        },
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            proc.removeAllListeners("exit");
            proc.once("exit", () => done());
            proc.kill("SIGTERM");
            setTimeout(() => proc.kill("SIGKILL"), 15_000).unref();
          }),
      });
    });
  });
}
