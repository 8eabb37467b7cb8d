" mtlint for Vim with ALE: copy this folder's ale_linters/ into ~/.vim/
" (or any runtimepath entry).  ALE pipes the unsaved buffer to
" `mtlint --stdin`, so findings follow your typing.
" ALE can also use the language server instead: see editors/README.md.
function! ale_linters#markdown#mtlint#Handle(buffer, lines) abort
    let l:output = []
    for l:line in a:lines
        try
            let l:d = json_decode(l:line)
        catch
            continue
        endtry
        if type(l:d) != v:t_dict || get(l:d, 'type', '') isnot# 'diagnostic'
            continue
        endif
        call add(l:output, {
        \   'lnum': l:d.start.line,
        \   'col': l:d.start.column,
        \   'end_lnum': l:d.end.line,
        \   'end_col': l:d.end.column - 1,
        \   'text': l:d.message,
        \   'code': l:d.rule,
        \   'type': l:d.severity is# 'error' ? 'E' : l:d.severity is# 'warning' ? 'W' : 'I',
        \})
    endfor
    return l:output
endfunction

call ale#linter#Define('markdown', {
\   'name': 'mtlint',
\   'executable': 'mtlint',
\   'command': 'mtlint --stdin --stdin-filename %s --format jsonl --fail-on never',
\   'callback': 'ale_linters#markdown#mtlint#Handle',
\})
