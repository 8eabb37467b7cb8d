// A minimal VS Code extension: vscode-languageclient starts `mtlint lsp`
// for Markdown and plain text.  Settings under "mtlint" are sent to the
// server at start (initializationOptions) and on change
// (workspace/didChangeConfiguration); `mtlint.path` is the executable.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(_context) {
  const cfg = vscode.workspace.getConfiguration('mtlint');
  const run = { command: cfg.get('path') || 'mtlint', args: ['lsp'] };
  const documentSelector = [];
  for (const language of ['markdown', 'plaintext']) {
    for (const scheme of ['file', 'untitled']) documentSelector.push({ scheme, language });
  }
  client = new LanguageClient('mtlint', 'mtlint', { run, debug: run }, {
    documentSelector,
    synchronize: { configurationSection: 'mtlint' },
    initializationOptions: {
      mtlint: { debounceMs: cfg.get('debounceMs'), disable: cfg.get('disable') },
    },
  });
  // vscode-languageclient 8 starts asynchronously; VS Code reports a failed start.
  return client.start();
}

function deactivate() {
  if (!client) return undefined;
  const stopping = client.stop();
  client = undefined;
  return stopping;
}

module.exports = { activate, deactivate };
