import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'vscode-dingtalk.vscode-dingtalk';

/** Activates the extension under test and returns its testing API (present in ExtensionMode.Test). */
export async function activateExtension(): Promise<NonNullable<ExtensionApi['testing']>> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  if (!api.testing) throw new Error('the extension did not expose its testing API (is extensionMode Test?)');
  return api.testing;
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))]);
}
