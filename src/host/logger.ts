import * as vscode from 'vscode';
import { describeError, redact } from '../core/redact';
import { LOG_CHANNEL_NAME } from '../constants';

/**
 * The extension's one log: a LogOutputChannel (level set with "Developer: Set Log Level"), with every line
 * passed through the redactor so no token, signature or secret can reach it.
 */
export interface Logger {
  trace(component: string, message: string): void;
  debug(component: string, message: string): void;
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
  error(component: string, message: string, err?: unknown): void;
  show(): void;
}

/** Optional tap for tests: receives every line exactly as written to the channel. */
export type LogSink = (level: string, line: string) => void;

export class OutputChannelLogger implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly sinks = new Set<LogSink>();

  constructor(channel?: vscode.LogOutputChannel) {
    this.channel = channel ?? vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  }

  /** Adds a sink that sees every (already redacted) line; returns a disposable that removes it. */
  tap(sink: LogSink): vscode.Disposable {
    this.sinks.add(sink);
    return new vscode.Disposable(() => this.sinks.delete(sink));
  }

  private line(component: string, message: string): string {
    return `[${component}] ${redact(message)}`;
  }

  private emit(level: string, line: string): void {
    for (const sink of this.sinks) sink(level, line);
  }

  trace(component: string, message: string): void {
    const l = this.line(component, message);
    this.channel.trace(l);
    this.emit('trace', l);
  }
  debug(component: string, message: string): void {
    const l = this.line(component, message);
    this.channel.debug(l);
    this.emit('debug', l);
  }
  info(component: string, message: string): void {
    const l = this.line(component, message);
    this.channel.info(l);
    this.emit('info', l);
  }
  warn(component: string, message: string): void {
    const l = this.line(component, message);
    this.channel.warn(l);
    this.emit('warn', l);
  }
  error(component: string, message: string, err?: unknown): void {
    const detail = err === undefined ? undefined : describeError(err);
    const l = this.line(component, detail ? `${message}: ${detail.stack ?? detail.message}` : message);
    this.channel.error(l);
    this.emit('error', l);
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.sinks.clear();
    this.channel.dispose();
  }
}
