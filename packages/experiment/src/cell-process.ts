// A local sweep worker process: runs the cells its parent sends, one at a time, and posts every
// experiment event and each cell's result back (child_process IPC; see local-executor.ts).
import type { Language } from '@ranker/report';
import type { CellProcessMessage, CellProcessRequest } from './cell-process-client.js';
import type { ExperimentCommand } from './events.js';
import { runCell } from './run-cell.js';

const send = (message: CellProcessMessage) => process.send?.(message);
let current: ((command: ExperimentCommand) => void) | null = null;
let stopping = false;

process.on('message', (request: CellProcessRequest) => {
  if (request.type === 'stop') {
    stopping = true;
    current?.('stop');
    return;
  }
  const { cell, outDir, lang } = request;
  void runCell(cell, outDir, {
    lang: lang as Language,
    onEvent: (event) => send({ type: 'event', cellId: cell.id, event }),
    control: (command) => {
      current = command;
      if (stopping) command('stop');
    },
  }).then(({ result, error }) => {
    current = null;
    send({ type: 'result', result, error });
  });
});
// The parent asks for a stop; a terminal's Ctrl-C reaches this process group too: same meaning.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    current?.('stop');
  });
}
// The parent closes the channel when it has no more cells (or died): nothing left to do.
process.on('disconnect', () => process.exit(0));
