// Closing the ingest queue at shutdown: the commit under way finishes and is stored; what waits
// behind it is refused with a 503 the terminal retries, and no statement reaches the store after
// close() resolves (the server closes the store next). Real store, real ingest.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ingestJobs, type IngestJob } from "@/lib/ingest/ingest";
import { IngestQueue } from "@/lib/ingest/queue";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

describe("IngestQueue.close", () => {
  it("lets the running commit finish, refuses the queued ones with 503 and takes no more", async () => {
    const db = await freshDb();
    const agent = await makeAgent(db, null, { code: "QCLOSE" });
    const sns = [(await makeTerminal(db, agent.id)).sn, (await makeTerminal(db, agent.id)).sn, (await makeTerminal(db, agent.id)).sn];
    const scope = { agentId: agent.id, agentPath: agent.path };
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const commits: number[] = [];
    const queue = new IngestQueue(db, {
      now: () => T0,
      policy: () => defaultPolicy,
      // The real commit, held at a gate so that the test decides when the first one ends.
      commit: async (jobs: IngestJob[], now, policy) => {
        commits.push(jobs.length);
        await gate;
        return ingestJobs(db, jobs, now, policy);
      },
    });
    const first = queue.submit({ scope, items: [beat(sns[0]!, 1)] });
    await new Promise((r) => setImmediate(r)); // the first flush has begun and waits at the gate
    expect(commits).toEqual([1]);
    const queued = [queue.submit({ scope, items: [beat(sns[1]!, 1)] }), queue.submit({ scope, items: [beat(sns[2]!, 1)] })];
    let closed = false;
    const closing = queue.close().then(() => (closed = true));

    const refusals = await Promise.allSettled(queued);
    for (const r of refusals) {
      expect(r.status).toBe("rejected");
      const err = (r as PromiseRejectedResult).reason as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe("unavailable");
      expect(err.message).toMatch(/shutting down/);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false); // still waiting for the commit under way

    open();
    expect((await first).accepted).toBe(1);
    await closing;
    await expect(queue.submit({ scope, items: [beat(sns[1]!, 2)] })).rejects.toMatchObject({ code: "unavailable" });
    expect(commits).toEqual([1]); // the refused ones never reached the store
    expect(await count(db, "SELECT count(*) AS n FROM heartbeats")).toBe(1);
    expect(queue.depth).toBe(0);
    await db.close();
  });

  it("resolves at once when nothing is committing", async () => {
    const db = await freshDb();
    const queue = new IngestQueue(db, { now: () => T0, policy: () => defaultPolicy });
    await queue.close();
    await expect(queue.submit({ scope: { agentId: 1, agentPath: "/1/" }, items: [] })).rejects.toMatchObject({ code: "unavailable" });
    await db.close();
  });
});
