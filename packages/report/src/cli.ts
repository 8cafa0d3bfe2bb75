#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ReportError } from './errors.js';
import { LANGUAGES, type Language } from './i18n/index.js';
import { renderReport } from './renderReport.js';

const USAGE = `usage: ranker-report <runDir> [--lang ${LANGUAGES.join('|')}] [--out <dir>]`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `ranker-report <runDir> [--lang en|zh-TW] [--out dir]`. Exit codes: 0 report written (also a
 * partial one, whose problems go to stderr), 2 bad usage or no run directory, 1 unexpected error.
 */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  let runDir: string | undefined;
  let lang: Language = 'en';
  let outDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--lang' || arg === '--out') {
      const value = args[++i];
      if (value === undefined) return usageError(io, `${arg} needs a value`);
      if (arg === '--out') outDir = value;
      else if (LANGUAGES.includes(value as Language)) lang = value as Language;
      else return usageError(io, `--lang is '${value}'; expected one of ${LANGUAGES.join(', ')}`);
    } else if (arg === '--help' || arg === '-h') {
      io.out(USAGE);
      return 0;
    } else if (arg.startsWith('-') || runDir !== undefined) {
      return usageError(io, `unexpected argument '${arg}'`);
    } else runDir = arg;
  }
  if (runDir === undefined) return usageError(io, 'missing <runDir>');
  try {
    const result = await renderReport(runDir, { lang, outDir });
    for (const message of result.problemMessages) io.err(`ranker-report: ${message}`);
    io.out(`${result.partial ? 'partial report' : 'report'} written to ${result.reportPath}`);
    return 0;
  } catch (error) {
    if (error instanceof ReportError) return usageError(io, error.message);
    io.err(`ranker-report: ${(error as Error).stack ?? error}`);
    return 1;
  }
}

function usageError(io: CliIo, message: string): number {
  io.err(`ranker-report: ${message}`);
  io.err(USAGE);
  return 2;
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
