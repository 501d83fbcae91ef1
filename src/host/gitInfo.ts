import * as path from 'path';
import * as vscode from 'vscode';
import { findPackedRef, parseHead, parseRemotes, preferredRemote } from '../core/send/gitMetadata';
import type { RepoInfo } from '../core/send/codeMessage';
import { parseRemoteUrl, HostKind } from '../core/send/remoteUrl';

/** The subset of VS Code's git extension API (vscode.git, API version 1) used here. */
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD?: { readonly name?: string; readonly commit?: string };
    readonly remotes: ReadonlyArray<{ readonly name: string; readonly fetchUrl?: string; readonly pushUrl?: string }>;
    readonly workingTreeChanges: ReadonlyArray<{ readonly uri: vscode.Uri }>;
    readonly indexChanges: ReadonlyArray<{ readonly uri: vscode.Uri }>;
  };
}

export interface FileRepoInfo extends RepoInfo {
  /** The file's path inside the repository (forward slashes). */
  readonly repoPath?: string;
}

/**
 * Branch, commit, remote and whether the file has uncommitted changes: from VS Code's git extension when it is
 * there, else from the repository's files (`.git/HEAD`, refs, config).
 */
export async function repoInfoFor(uri: vscode.Uri, hostKinds: Record<string, HostKind>): Promise<FileRepoInfo | undefined> {
  try {
    const fromApi = await fromGitExtension(uri, hostKinds);
    if (fromApi) return fromApi;
  } catch {
    // The git extension can fail while it starts; the files are a good fallback.
  }
  return fromGitFiles(uri, hostKinds);
}

async function fromGitExtension(uri: vscode.Uri, hostKinds: Record<string, HostKind>): Promise<FileRepoInfo | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  const repo = api.getRepository(uri);
  if (!repo?.state.HEAD?.commit) return undefined;
  const remote = preferredRemote(repo.state.remotes.map((r) => ({ name: r.name, url: r.fetchUrl ?? r.pushUrl ?? '' })).filter((r) => r.url));
  const changed = [...repo.state.workingTreeChanges, ...repo.state.indexChanges].some((c) => c.uri.toString() === uri.toString());
  return {
    branch: repo.state.HEAD.name,
    commit: repo.state.HEAD.commit,
    remote: remote ? parseRemoteUrl(remote.url, { hostKinds }) : undefined,
    dirty: changed,
    repoPath: path.posix.relative(repo.rootUri.path, uri.path),
  };
}

async function fromGitFiles(uri: vscode.Uri, hostKinds: Record<string, HostKind>): Promise<FileRepoInfo | undefined> {
  const read = async (u: vscode.Uri): Promise<string | undefined> => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
    } catch {
      return undefined;
    }
  };
  // Walk up from the file to the repository root (the folder holding .git).
  let dir = vscode.Uri.joinPath(uri, '..');
  for (let depth = 0; depth < 40; depth++) {
    const gitDir = vscode.Uri.joinPath(dir, '.git');
    const head = await read(vscode.Uri.joinPath(gitDir, 'HEAD'));
    if (head !== undefined) {
      const parsed = parseHead(head);
      let commit = parsed.commit;
      if (!commit && parsed.ref) {
        commit = (await read(vscode.Uri.joinPath(gitDir, ...parsed.ref.split('/'))))?.trim();
        if (!commit) commit = findPackedRef((await read(vscode.Uri.joinPath(gitDir, 'packed-refs'))) ?? '', parsed.ref);
      }
      const remote = preferredRemote(parseRemotes((await read(vscode.Uri.joinPath(gitDir, 'config'))) ?? ''));
      return {
        branch: parsed.branch,
        commit: commit && /^[0-9a-f]{40,64}$/i.test(commit) ? commit : undefined,
        remote: remote ? parseRemoteUrl(remote.url, { hostKinds }) : undefined,
        repoPath: path.posix.relative(dir.path, uri.path),
      };
    }
    const parent = vscode.Uri.joinPath(dir, '..');
    if (parent.path === dir.path) break;
    dir = parent;
  }
  return undefined;
}
