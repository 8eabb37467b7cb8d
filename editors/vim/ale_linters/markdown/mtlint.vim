" mtlint for Vim with ALE: copy this folder's ale_linters/ into ~/.vim/
" (or any runtimepath entry).  ALE pipes the unsaved buffer to
" `mtlint --stdin`, so findings follow your typing.
" Settings: g:ale_markdown_mtlint_executable (default 'mtlint') and
" g:ale_markdown_mtlint_options (extra arguments, e.g. '--disable typography').
" For quick fixes, ALE can use the language server instead: mtlint_lsp.vim
" next to this file (see editors/README.md).
call ale#Set('markdown_mtlint_executable', 'mtlint')
call ale#Set('markdown_mtlint_options', '')

function! ale_linters#markdown#mtlint#GetCommand(buffer) abort
    let l:options = ale#Var(a:buffer, 'markdown_mtlint_options')

    return '%e --stdin --stdin-filename %s --format jsonl --fail-on never'
    \   . (!empty(l:options) ? ' ' . l:options : '')
endfunction

" One JSON object a line; 'diagnostic' records become problems.  Columns in
" the JSONL output are 1-based bytes, as Vim counts; the end is exclusive.
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

        let l:end_lnum = l:d.end.line
        let l:end_col = l:d.end.column - 1

        " A finding that ends at the start of a line ends on the line before.
        if l:end_col < 1 && l:end_lnum > l:d.start.line
            let l:end_lnum -= 1
            let l:end_col = max([1, len(get(getbufline(a:buffer, l:end_lnum), 0, ''))])
        endif

        if l:end_lnum == l:d.start.line && l:end_col < l:d.start.column
            let l:end_col = l:d.start.column
        endif

        call add(l:output, {
        \   'lnum': l:d.start.line,
        \   'col': l:d.start.column,
        \   'end_lnum': l:end_lnum,
        \   'end_col': l:end_col,
        \   'text': l:d.message,
        \   'code': l:d.rule,
        \   'type': l:d.severity is# 'error' ? 'E'
        \       : l:d.severity is# 'warning' ? 'W' : 'I',
        \})
    endfor

    return l:output
endfunction

call ale#linter#Define('markdown', {
\   'name': 'mtlint',
\   'executable': {b -> ale#Var(b, 'markdown_mtlint_executable')},
\   'command': function('ale_linters#markdown#mtlint#GetCommand'),
\   'callback': 'ale_linters#markdown#mtlint#Handle',
\})
