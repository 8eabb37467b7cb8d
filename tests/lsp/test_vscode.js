// editors/vscode without VS Code (no Debian package; @vscode/test-electron
// downloads VS Code): loads extension.js with stand-in `vscode` and
// `vscode-languageclient/node` modules, checks what activate() hands the
// LanguageClient and that deactivate() stops it, checks package.json against
// the code and editors/README.md, then runs the server command and
// initializationOptions the extension built as a real LSP session.
// Usage: node test_vscode.js MTLINT SRCDIR WORKDIR
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { spawn } = require('child_process');

const [mtlint, src, work] = process.argv.slice(2).map((p) => path.resolve(p));
const extDir = path.join(src, 'editors', 'vscode');
let failures = 0;
function check(cond, what) {
  if (!cond) failures++;
  console.log(`${cond ? 'ok' : 'FAIL'}: ${what}`);
  return cond;
}

// ---------------- package.json ----------------
let pkg = {};
try {
  pkg = JSON.parse(fs.readFileSync(path.join(extDir, 'package.json'), 'utf8'));
  check(true, 'package.json parses');
} catch (e) {
  check(false, `package.json parses: ${e.message}`);
}
const props = (((pkg.contributes || {}).configuration || {}).properties) || {};
// main is the bundle that vsce's vscode:prepublish script (esbuild) makes
// from extension.js; the tests load extension.js itself, with stand-ins
const prepublish = ((pkg.scripts || {})['vscode:prepublish']) || '';
const outfile = (pkg.main || '').replace(/^\.\//, '');
const entry = /^esbuild extension\.js --bundle /.test(prepublish) &&
  prepublish.includes(`--outfile=${outfile}`) && prepublish.includes('--external:vscode')
  ? 'extension.js' : pkg.main;
check(typeof pkg.main === 'string' && fs.existsSync(path.join(extDir, entry || '')),
  `main ${pkg.main} exists or is bundled from extension.js (${entry})`);
check(((pkg.devDependencies || {}).esbuild || '') !== '' || entry === pkg.main,
  'esbuild is a devDependency when main is a bundle');
check(typeof pkg.license === 'string' && fs.existsSync(path.join(extDir, 'LICENSE')),
  `license ${pkg.license} with a LICENSE file beside package.json`);
check(fs.existsSync(path.join(extDir, '.vscodeignore')), '.vscodeignore keeps sources out of the package');
check(/^\^?\d+\.\d+\.\d+$/.test(((pkg.engines || {}).vscode) || ''),
  `engines.vscode is a version: ${(pkg.engines || {}).vscode}`);
check(typeof pkg.name === 'string' && typeof pkg.publisher === 'string' &&
  /^\d+\.\d+\.\d+$/.test(pkg.version || ''), 'name, publisher and version set');
const lcVersion = ((pkg.dependencies || {})['vscode-languageclient']) || '';
check(/^\^?(8|9)\./.test(lcVersion),
  `vscode-languageclient ${lcVersion} has the /node entry and a promise-based start/stop`);
const events = Array.isArray(pkg.activationEvents) ? pkg.activationEvents : [];
check(events.length > 0 && events.every((e) => /^onLanguage:[a-z]+$/.test(e)),
  `activationEvents are onLanguage events: ${JSON.stringify(events)}`);
for (const [key, p] of Object.entries(props)) {
  check(key.startsWith('mtlint.') && typeof p.type === 'string' && 'default' in p &&
    typeof p.description === 'string', `setting ${key} has a type, default and description`);
}

// ---------------- stand-in modules ----------------
let settings = {};
const sections = [];
const clients = [];
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, starts: 0, stops: 0 });
    clients.push(this);
  }
  start() { this.starts++; return Promise.resolve(); }
  stop() { this.stops++; return Promise.resolve(); }
}
const vscodeStub = {
  workspace: {
    getConfiguration(section) {
      sections.push(section);
      return {
        get(key) {
          const full = `${section}.${key}`;
          check(full in props, `extension reads ${full}, which package.json declares`);
          if (full in settings) return settings[full];
          return full in props ? props[full].default : undefined;
        },
      };
    },
  },
};
const stubs = { vscode: vscodeStub, 'vscode-languageclient/node': { LanguageClient } };
const resolve0 = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request in stubs) return `stub:${request}`;
  return resolve0.call(this, request, ...rest);
};
for (const [name, exports] of Object.entries(stubs)) {
  const m = new Module(`stub:${name}`);
  m.exports = exports;
  m.loaded = true;
  require.cache[`stub:${name}`] = m;
}

function load() {
  const main = require.resolve(path.join(extDir, entry || 'extension.js'));
  delete require.cache[main];
  return require(main);
}

// README: "... for Markdown and plain text"
function readmeLanguages() {
  const readme = fs.readFileSync(path.join(src, 'editors', 'README.md'), 'utf8');
  const sect = readme.split(/^## /m).find((s) => s.startsWith('VS Code')) || '';
  const langs = [];
  if (/Markdown/.test(sect)) langs.push('markdown');
  if (/plain text/.test(sect)) langs.push('plaintext');
  return langs;
}

async function stubbed() {
  const ext = load();
  check(typeof ext.activate === 'function' && typeof ext.deactivate === 'function',
    'exports activate and deactivate');
  const context = { subscriptions: [], extensionPath: extDir };
  await ext.activate(context);
  check(sections.includes('mtlint'), 'reads the mtlint settings');
  if (!check(clients.length === 1, 'activate() creates one LanguageClient')) return null;
  const c = clients[0];
  check(c.starts === 1, 'activate() starts it');
  for (const mode of ['run', 'debug']) {
    const so = c.serverOptions[mode] || {};
    check(so.command === 'mtlint' && JSON.stringify(so.args) === '["lsp"]' &&
      (so.transport === undefined || so.transport === 0),
    `${mode}: server command is mtlint ["lsp"] over stdio: ${JSON.stringify(so)}`);
  }
  const sel = c.clientOptions.documentSelector || [];
  const langs = new Set(sel.map((d) => d.language));
  for (const l of readmeLanguages()) {
    check(sel.some((d) => d.language === l && d.scheme === 'file'),
      `document selector covers ${l} files (README)`);
    check(sel.some((d) => d.language === l && d.scheme === 'untitled'),
      `document selector covers unsaved ${l} buffers`);
  }
  check(readmeLanguages().length === 2, 'README names Markdown and plain text');
  const activated = new Set(events.map((e) => e.replace(/^onLanguage:/, '')));
  check([...langs].every((l) => activated.has(l)) && [...activated].every((l) => langs.has(l)),
    `activationEvents ${[...activated]} match the selector's languages ${[...langs]}`);
  check((c.clientOptions.synchronize || {}).configurationSection === 'mtlint',
    'setting changes are sent to the server (configurationSection mtlint)');
  const init = (c.clientOptions.initializationOptions || {}).mtlint || {};
  const dflt = (key) => (props[key] || {}).default;
  check(init.debounceMs === dflt('mtlint.debounceMs') && init.debounceMs !== undefined &&
    JSON.stringify(init.disable) === JSON.stringify(dflt('mtlint.disable')),
  `initializationOptions carry the settings: ${JSON.stringify(init)}`);

  const stopped = ext.deactivate();
  check(stopped && typeof stopped.then === 'function', 'deactivate() returns the stop promise');
  await stopped;
  check(c.stops === 1, 'deactivate() stops the client');
  ext.deactivate();
  check(c.stops === 1, 'a second deactivate() does not stop it again');

  // mtlint.path and the other settings are honoured
  settings = { 'mtlint.path': '/opt/mtlint/bin/mtlint', 'mtlint.debounceMs': 0,
    'mtlint.disable': ['mt-garble.special-military-operation'] };
  const ext2 = load();
  await ext2.activate({ subscriptions: [] });
  const c2 = clients[clients.length - 1];
  check(c2 !== c && c2.serverOptions.run.command === '/opt/mtlint/bin/mtlint',
    `mtlint.path is the executable: ${c2.serverOptions.run.command}`);
  check(JSON.stringify(c2.clientOptions.initializationOptions) ===
    '{"mtlint":{"debounceMs":0,"disable":["mt-garble.special-military-operation"]}}',
  `settings reach initializationOptions: ${JSON.stringify(c2.clientOptions.initializationOptions)}`);
  await ext2.deactivate();
  check(c2.stops === 1, 'deactivate() stops the second client');
  return [c, c2];
}

// ---------------- the server the extension starts ----------------
function session(serverOptions, initOptions, text) {
  return new Promise((resolve) => {
    const bindir = path.join(work, 'bin');
    const env = { ...process.env, PATH: `${bindir}${path.delimiter}${process.env.PATH}` };
    const command = serverOptions.command.includes('/') ? mtlint : serverOptions.command;
    const proc = spawn(command, [...serverOptions.args, '--no-config'], { cwd: work, env });
    const uri = `file://${work}/article.md`;
    let buf = Buffer.alloc(0);
    let result = { diags: null, error: null };
    const timer = setTimeout(() => { result.error = 'timeout'; proc.kill(); }, 20000);
    const send = (obj) => {
      const body = Buffer.from(JSON.stringify(obj), 'utf8');
      proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      proc.stdin.write(body);
    };
    proc.on('error', (e) => { result.error = e.message; });
    proc.stdin.on('error', (e) => { result.error = e.message; });
    proc.on('close', (code) => { clearTimeout(timer); result.code = code; resolve(result); });
    proc.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: *(\d+)/i.exec(buf.slice(0, end).toString())[1]);
        if (buf.length < end + 4 + len) return;
        const msg = JSON.parse(buf.slice(end + 4, end + 4 + len).toString('utf8'));
        buf = buf.slice(end + 4 + len);
        if (msg.id === 1) {
          send({ jsonrpc: '2.0', method: 'initialized', params: {} });
          send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument:
            { uri, languageId: 'markdown', version: 1, text } } });
        } else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === uri) {
          result.diags = msg.params.diagnostics;
          send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
        } else if (msg.id === 2) {
          send({ jsonrpc: '2.0', method: 'exit' });
        }
      }
    });
    // VS Code's client offers UTF-16 positions only
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid,
      rootUri: `file://${work}`, capabilities: {}, initializationOptions: initOptions } });
  });
}

async function main() {
  const cs = await stubbed();
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'bin'), { recursive: true });
  fs.symlinkSync(mtlint, path.join(work, 'bin', 'mtlint'));
  if (!cs) return;
  const prefix = 'Zoë 🚀 said the ';
  const text = `${prefix}special army operation goes on.\n`;
  const rule = 'mt-garble.special-military-operation';
  const r1 = await session(cs[0].serverOptions.run, cs[0].clientOptions.initializationOptions, text);
  const hit = (r1.diags || []).find((d) => d.code === rule);
  if (check(hit, `the extension's server command and options give ${rule}` +
    (hit ? '' : `: ${JSON.stringify(r1)}`))) {
    check(hit.range.start.character === prefix.length && hit.range.start.line === 0,
      `UTF-16 column ${hit.range.start.character} == ${prefix.length}`);
  }
  check(r1.code === 0, `server exits 0 after shutdown/exit (got ${r1.code})`);
  const r2 = await session(cs[1].serverOptions.run, cs[1].clientOptions.initializationOptions, text);
  check(Array.isArray(r2.diags) && !r2.diags.some((d) => d.code === rule),
    `mtlint.disable reaches the server and hides ${rule}` +
    (Array.isArray(r2.diags) ? '' : `: ${JSON.stringify(r2)}`));
}

main().then(() => process.exit(failures ? 1 : 0),
  (e) => { check(false, `no exception: ${e.stack}`); process.exit(1); });
