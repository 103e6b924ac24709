// Progress for long work (reading a large file, analysing, writing the workbook): one line on stderr, rewritten in
// place, only when stderr is a terminal and --quiet is off. Piped or redirected, nothing is written.
export interface Progress {
  step(text: string): void;
  done(): void;
}

export function progress(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet || !stream.isTTY) return { step: () => undefined, done: () => undefined };
  let shown = false;
  return {
    step(text) {
      stream.write(`\r\x1b[2K${text}…`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
