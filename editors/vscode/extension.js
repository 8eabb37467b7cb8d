// A minimal VS Code extension: vscode-languageclient starts `mtlint lsp`
// for Markdown and plain text.  Settings under "mtlint" are sent to the
// server (workspace/didChangeConfiguration).
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const cfg = vscode.workspace.getConfiguration('mtlint');
  const run = { command: cfg.get('path') || 'mtlint', args: ['lsp'] };
  client = new LanguageClient('mtlint', 'mtlint', { run, debug: run }, {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'mtlint' },
    initializationOptions: { mtlint: { debounceMs: cfg.get('debounceMs'), disable: cfg.get('disable') } },
  });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
