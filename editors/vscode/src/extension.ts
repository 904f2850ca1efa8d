// The nianbao extension: runs `nianbao lsp` for Markdown and plain-text documents (the server
// decides which of them are reports) and adds a few commands around it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ConfigurationParams,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

const SECTION = 'nianbao';
/** Settings the extension itself uses; every other `nianbao.*` setting goes to the server. */
const EDITOR_ONLY = new Set(['server.path', 'trace.server']);

let client: LanguageClient | undefined;
/** The extension's folder: its README (installation) is shown from there, never a web page. */
let extensionUri: vscode.Uri | undefined;
let output: vscode.LogOutputChannel;
let serverKeys: string[] = [];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionUri = context.extensionUri;
  output = vscode.window.createOutputChannel('nianbao', { log: true });
  context.subscriptions.push(output);
  const properties = context.extension.packageJSON?.contributes?.configuration?.properties ?? {};
  serverKeys = Object.keys(properties)
    .map((k) => k.slice(SECTION.length + 1))
    .filter((k) => !EDITOR_ONLY.has(k));

  context.subscriptions.push(
    vscode.commands.registerCommand('nianbao.applyAllFixes', applyAllFixes),
    vscode.commands.registerCommand('nianbao.insertReportSkeleton', insertReportSkeleton),
    vscode.commands.registerCommand('nianbao.restartServer', restart),
    vscode.commands.registerCommand('nianbao.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nianbao.server.path')) {
        void restart();
      }
    }),
    { dispose: () => void client?.stop() },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The server binary: setting `nianbao.server.path`, else `nianbao` on PATH. */
function findServer(): { path?: string; problem?: string } {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string | null>('server.path');
  if (configured) {
    const p = expandHome(configured);
    return isExecutable(p) ? { path: p } : { problem: `nianbao.server.path is "${configured}", which is not an executable file.` };
  }
  const exe = process.platform === 'win32' ? 'nianbao.exe' : 'nianbao';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, exe))) {
      return { path: path.join(dir, exe) };
    }
  }
  return { problem: 'the nianbao language server was not found on PATH.' };
}

/**
 * The `nianbao` settings the user actually set (user, workspace or folder), nested like
 * nianbao.toml. Defaults are left out, so a `nianbao.toml` beside the report still applies
 * wherever the user did not choose otherwise.
 */
function explicitSettings(scopeUri?: string): Record<string, unknown> {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, unknown> = {};
  for (const key of serverKeys) {
    const i = config.inspect(key);
    const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value === undefined || value === null || value === '') {
      continue;
    }
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

async function start(): Promise<void> {
  const found = findServer();
  if (!found.path) {
    output.appendLine(`nianbao: ${found.problem}`);
    const choice = await vscode.window.showErrorMessage(
      `nianbao: ${found.problem} Install it (cargo install --path . in the nianbao repository) or set nianbao.server.path.`,
      'Install Instructions',
      'Open Settings',
    );
    if (choice === 'Install Instructions' && extensionUri) {
      // The README shipped in the extension (its "Install" section), previewed in the editor.
      void vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.joinPath(extensionUri, 'README.md'),
      );
    } else if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'nianbao.server.path');
    }
    return;
  }
  output.appendLine(`nianbao: starting ${found.path} lsp`);
  const serverOptions: ServerOptions = { command: found.path, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
      { language: 'plaintext', scheme: 'file' },
      { language: 'plaintext', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      workspace: {
        configuration: async (params: ConfigurationParams, token, next) => {
          const theirs = (await next(params, token)) as unknown[];
          return params.items.map((item, i) =>
            item.section === SECTION ? explicitSettings(item.scopeUri) : Array.isArray(theirs) ? theirs[i] : null,
          );
        },
      },
    },
  };
  client = new LanguageClient('nianbao', 'nianbao', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`nianbao: the server failed to start: ${e}`);
    void vscode.window.showErrorMessage(`nianbao: the server failed to start (${found.path}). See the nianbao output.`);
  }
}

async function restart(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop();
    } catch (e) {
      output.appendLine(`nianbao: stopping the server: ${e}`);
    }
  }
  await start();
}

/** The active editor's document, if it is one the server checks, and the running client. */
function target(): { doc: vscode.TextDocument; lc: LanguageClient } | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !['markdown', 'plaintext'].includes(doc.languageId)) {
    void vscode.window.showWarningMessage('nianbao: open a Markdown or plain-text report first.');
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('nianbao: the server is not running (see "nianbao: Show Server Output").');
    return undefined;
  }
  return { doc, lc: client };
}

/** Applies every safe fix of the active document (server command `nianbao.fixAll`). */
async function applyAllFixes(): Promise<{ applied: boolean; count: number } | undefined> {
  const t = target();
  if (!t) {
    return undefined;
  }
  const uri = t.lc.code2ProtocolConverter.asUri(t.doc.uri);
  const result = await t.lc.sendRequest(ExecuteCommandRequest.type, { command: 'nianbao.fixAll', arguments: [uri] });
  const r = (result ?? { applied: false, count: 0 }) as { applied: boolean; count: number };
  vscode.window.setStatusBarMessage(`nianbao: ${r.count} fix(es) applied`, 5000);
  return r;
}

/** Appends a blank report in the template in force for a year (server command `nianbao.insertSkeleton`). */
async function insertReportSkeleton(year?: number): Promise<{ applied: boolean } | undefined> {
  const t = target();
  if (!t) {
    return undefined;
  }
  if (typeof year !== 'number') {
    const input = await vscode.window.showInputBox({
      title: 'nianbao: insert a report skeleton',
      prompt: 'Report year (the template in force for it is used)',
      value: String(new Date().getFullYear() - 1),
      validateInput: (v) => (/^\d{4}$/.test(v.trim()) ? undefined : 'a year such as 2021'),
    });
    if (!input) {
      return undefined;
    }
    year = Number(input.trim());
  }
  const uri = t.lc.code2ProtocolConverter.asUri(t.doc.uri);
  const result = await t.lc.sendRequest(ExecuteCommandRequest.type, {
    command: 'nianbao.insertSkeleton',
    arguments: [uri, year],
  });
  return (result ?? undefined) as { applied: boolean } | undefined;
}
