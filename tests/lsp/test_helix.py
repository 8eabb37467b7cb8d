"""editors/helix/languages.toml, checked without Helix (not packaged in
Debian 12): the file parses as TOML, declares the `mtlint` language server
as `mtlint lsp` with only keys Helix knows, every [[language]] entry names a
server that is declared here or built into Helix, Markdown uses mtlint, and
the exact command, found on PATH as Helix would, answers an LSP session with
the diagnostic for a garbled phrase.  Skipped (77) only if Python lacks
tomllib (before 3.11).
Usage: test_helix.py MTLINT SRCDIR WORKDIR
"""
import os
import shutil
import sys

try:
    import tomllib
except ImportError:
    print("python3 has no tomllib (needs 3.11): skipped")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lspclient  # noqa: E402

# Keys of a [language-server.NAME] table in Helix 23.x-25.x
SERVER_KEYS = {"command", "args", "config", "timeout", "environment",
               "required-root-patterns"}
# Servers the file may reference without declaring: Helix's own defaults
HELIX_BUILTIN = {"marksman", "markdown-oxide"}

failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)
    return cond


def server_names(entry):
    out = []
    for s in entry.get("language-servers", []):
        out.append(s["name"] if isinstance(s, dict) else s)
    return out


def main():
    mtlint, src, work = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    path = os.path.join(src, "editors", "helix", "languages.toml")
    try:
        with open(path, "rb") as f:
            conf = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        check(False, "languages.toml parses: %s" % e)
        return
    check(True, "languages.toml parses")

    servers = conf.get("language-server", {})
    srv = servers.get("mtlint")
    if not check(isinstance(srv, dict), "declares [language-server.mtlint]"):
        return
    check(srv.get("command") == "mtlint", "command is mtlint: %r" % srv.get("command"))
    check(srv.get("args") == ["lsp"], "args are [\"lsp\"]: %r" % srv.get("args"))
    extra = set(srv) - SERVER_KEYS
    check(not extra, "only keys Helix knows%s" % (": unknown %s" % sorted(extra) if extra else ""))
    if "config" in srv:
        check(isinstance(srv["config"], dict), "config (initializationOptions) is a table")

    langs = conf.get("language", [])
    check(isinstance(langs, list) and langs, "has [[language]] entries")
    using = []
    for entry in langs:
        name = entry.get("name")
        names = server_names(entry)
        check(isinstance(name, str) and name, "language entry has a name: %r" % name)
        undeclared = [n for n in names if n not in servers and n not in HELIX_BUILTIN]
        check(not undeclared, "%s: servers declared or built in%s"
              % (name, ": unknown %s" % undeclared if undeclared else ""))
        if "mtlint" in names:
            using.append(name)
    check("markdown" in using, "markdown uses mtlint (languages using it: %s)" % using)
    md = next((e for e in langs if e.get("name") == "markdown"), {})
    # A [[language]] entry in the user's file replaces Helix's server list,
    # so Markdown keeps its default server only if the file names it again.
    check("marksman" in server_names(md), "markdown keeps marksman next to mtlint")

    # The configured command, resolved on PATH as Helix does, is a working server.
    bindir = os.path.join(work, "bin")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(bindir)
    os.symlink(mtlint, os.path.join(bindir, "mtlint"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    exe = shutil.which(srv["command"], path=env["PATH"])
    if not check(exe is not None, "command found on PATH"):
        return
    argv = [exe] + list(srv.get("args", [])) + ["--no-config"]
    c = lspclient.Client(argv, cwd=work, env=env,
                         stderr_path=os.path.join(work, "stderr.txt"))
    try:
        c.initialize(work, encodings=["utf-8", "utf-32", "utf-16"],
                     options=srv.get("config"))
        uri = "file://" + os.path.join(work, "article.md")
        prefix = "Zoë 🚀 said the "
        c.open(uri, prefix + "special army operation goes on.\n")
        diags = c.diagnostics(uri)
        hit = [d for d in diags if d.get("code") == "mt-garble.special-military-operation"]
        if check(hit, "diagnostic with the rule id from `%s`" % " ".join(argv[1:])):
            check(hit[0]["range"]["start"] == {"line": 0, "character": len(prefix.encode())},
                  "UTF-8 position (Helix offers utf-8 first): %r" % hit[0]["range"]["start"])
        check(c.shutdown() == 0, "server exits cleanly")
    except lspclient.LspError as e:
        check(False, "LSP session: %s" % e)
    finally:
        c.close()


main()
sys.exit(1 if failures else 0)
