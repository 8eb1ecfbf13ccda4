/**
 * One writer process of the two-process test:
 *   node --import tsx test/emmett/postgres/worker.ts <url> <worker> <count>
 * Prints "ready", waits for a line on stdin, then sends its commands through
 * its own handler (and so its own cache) and prints one JSON line per
 * command (an {@link Outcome}), then how many appends the store refused for a
 * stale version (`{ "conflicts": n }`), then "done".
 */
import { createInterface } from "node:readline";
import { isExpectedVersionConflictError, type EventStore } from "@event-driven-io/emmett";
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql";
import { CommandRefusedError, LawfulCrmCommandHandler } from "../../../src/emmett/index.js";
import { answersFor, commandsOf, type Outcome } from "./scenario.js";

const [url, workerArg, countArg] = process.argv.slice(2);
const worker = Number(workerArg);
const commands = commandsOf(worker, Number(countArg));
const store = getPostgreSQLEventStore(url!);
// Counts the appends the store refused for a stale version: the conflicts the handler then re-read and re-decided.
let conflicts = 0;
const eventStore: EventStore = {
  ...store,
  readStream: store.readStream.bind(store),
  aggregateStream: store.aggregateStream.bind(store),
  appendToStream: async (name, events, options) => {
    try {
      return await store.appendToStream(name, events, options);
    } catch (e) {
      if (isExpectedVersionConflictError(e)) conflicts++;
      throw e;
    }
  },
};
// Enough retries that a command is only ever appended or refused by the rules.
const handle = LawfulCrmCommandHandler({ retries: 1_000 });

const input = createInterface({ input: process.stdin });
console.log("ready");
await new Promise<void>((go) => input.once("line", () => go()));
input.close();

for (const [k, command] of commands.entries()) {
  const subject = (command as { subject?: string }).subject!;
  let outcome: Outcome;
  try {
    const r = await handle(eventStore, command);
    const ids = r.newEvents.map((e) => e.metadata.id);
    const from = r.nextExpectedStreamVersion - BigInt(ids.length);
    outcome = { worker, k, subject, type: command.type, appended: { ids, from: String(from), to: String(r.nextExpectedStreamVersion), answers: answersFor(r.newState, subject) } };
  } catch (e) {
    if (!(e instanceof CommandRefusedError)) throw e;
    outcome = { worker, k, subject, type: command.type, refused: { codes: [...e.codes], messages: e.errors.map((x) => x.message) } };
  }
  console.log(JSON.stringify(outcome));
}
await store.close();
console.log(JSON.stringify({ conflicts }));
console.log("done");
