" mtlint's language server for Vim with ALE: copy this folder's ale_linters/
" into ~/.vim/ (or any runtimepath entry) and pick the linter with
"   let g:ale_linters = {'markdown': ['mtlint_lsp']}
" Diagnostics as you type, and quick fixes with :ALECodeAction.
" Settings: g:ale_markdown_mtlint_lsp_executable (default 'mtlint'),
" g:ale_markdown_mtlint_lsp_options (more arguments for `mtlint lsp`, e.g.
" '--disable typography') and g:ale_markdown_mtlint_lsp_settings (a
" Dictionary sent as initializationOptions under "mtlint", e.g.
" {'debounceMs': 50, 'disable': ['typography']}).  See editors/README.md.
call ale#Set('markdown_mtlint_lsp_executable', 'mtlint')
call ale#Set('markdown_mtlint_lsp_options', '')
call ale#Set('markdown_mtlint_lsp_settings', {})

" ALE (3.3 and earlier) takes every LSP `character` for a byte count but does
" not offer UTF-8 in `initialize`, so the server is told to count bytes.
function! ale_linters#markdown#mtlint_lsp#GetCommand(buffer) abort
    let l:options = ale#Var(a:buffer, 'markdown_mtlint_lsp_options')

    return '%e lsp --position-encoding utf-8'
    \   . (!empty(l:options) ? ' ' . l:options : '')
endfunction

" The folder of the nearest .mtlint.yaml, else of the nearest .git, else the
" file's own folder.  ALE starts one server per root.
function! ale_linters#markdown#mtlint_lsp#GetProjectRoot(buffer) abort
    let l:config = ale#path#FindNearestFile(a:buffer, '.mtlint.yaml')

    if !empty(l:config)
        return fnamemodify(l:config, ':h')
    endif

    let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')

    if !empty(l:git)
        return fnamemodify(l:git, ':h:h')
    endif

    return fnamemodify(bufname(a:buffer), ':p:h')
endfunction

function! ale_linters#markdown#mtlint_lsp#GetOptions(buffer) abort
    return {'mtlint': ale#Var(a:buffer, 'markdown_mtlint_lsp_settings')}
endfunction

call ale#linter#Define('markdown', {
\   'name': 'mtlint_lsp',
\   'aliases': ['mtlint-lsp'],
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'markdown_mtlint_lsp_executable')},
\   'command': function('ale_linters#markdown#mtlint_lsp#GetCommand'),
\   'project_root': function('ale_linters#markdown#mtlint_lsp#GetProjectRoot'),
\   'initialization_options': function('ale_linters#markdown#mtlint_lsp#GetOptions'),
\})
