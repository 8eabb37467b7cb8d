" mtlint's language server for Vim with ALE: copy this folder's ale_linters/
" into ~/.vim/ (or any runtimepath entry) and pick the linter with
"   let g:ale_linters = {'markdown': ['mtlint_lsp']}
" Diagnostics as you type, and quick fixes with :ALECodeAction.
" Settings: g:ale_markdown_mtlint_lsp_executable (default 'mtlint'),
" g:ale_markdown_mtlint_lsp_options (arguments after `mtlint lsp`, e.g.
" '--disable typography') and g:ale_markdown_mtlint_lsp_settings (a
" Dictionary sent as initializationOptions under "mtlint", e.g.
" {'debounceMs': 50, 'disable': ['typography']}).  See editors/README.md.
call ale#Set('markdown_mtlint_lsp_executable', 'mtlint')
call ale#Set('markdown_mtlint_lsp_options', '')
call ale#Set('markdown_mtlint_lsp_settings', {})

function! ale_linters#markdown#mtlint_lsp#GetCommand(buffer) abort
    let l:options = ale#Var(a:buffer, 'markdown_mtlint_lsp_options')

    return '%e lsp' . (!empty(l:options) ? ' ' . l:options : '')
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


" ALE (3.3 and earlier) takes every LSP `character` for a byte column, but
" does not offer UTF-8 positions in `initialize`, so the server counts UTF-16
" units: after 'ë', 'Ł' or '🚀' a finding would show too far left and a quick
" fix would replace the wrong bytes.  Each diagnostic of mtlint carries its
" byte range in `data`, so the ranges of the diagnostics and of the quick
" fixes made from them are rewritten from it, in bytes, before ALE reads
" them.  A script-local callback sorts ahead of ALE's own in its list.
function! s:Buffer(uri) abort
    let l:name = escape(fnameescape(ale#util#ToResource(a:uri)),
    \   has('win32') ? '^' : '^,}]')

    return bufnr('^' . l:name . '$')
endfunction

" Byte offset of each line's start, as the server sees the text ALE sends.
function! s:LineStarts(buffer) abort
    let l:starts = [0]

    for l:line in getbufline(a:buffer, 1, '$')
        call add(l:starts, l:starts[-1] + len(l:line) + 1)
    endfor

    return l:starts
endfunction

function! s:Position(starts, offset) abort
    let [l:lo, l:hi] = [0, len(a:starts) - 1]

    while l:lo < l:hi
        let l:mid = (l:lo + l:hi + 1) / 2

        if a:starts[l:mid] <= a:offset
            let l:lo = l:mid
        else
            let l:hi = l:mid - 1
        endif
    endwhile

    return {'line': l:lo, 'character': a:offset - a:starts[l:lo]}
endfunction

" The diagnostic's range in bytes, or v:null when it has no usable data.
function! s:ByteRange(diagnostic, starts) abort
    let l:data = get(a:diagnostic, 'data', {})

    if type(l:data) isnot v:t_dict
    \ || type(get(l:data, 'start')) isnot v:t_number
    \ || type(get(l:data, 'end')) isnot v:t_number
    \ || l:data.start < 0 || l:data.end < l:data.start
    \ || l:data.end > a:starts[-1]
        return v:null
    endif

    return {
    \   'start': s:Position(a:starts, l:data.start),
    \   'end': s:Position(a:starts, l:data.end),
    \}
endfunction

function! s:OnMessage(conn_id, response) abort
    if get(a:response, 'method', '') is# 'textDocument/publishDiagnostics'
        let l:buffer = s:Buffer(get(get(a:response, 'params', {}), 'uri', ''))

        if l:buffer > 0
            let l:starts = s:LineStarts(l:buffer)

            for l:diagnostic in a:response.params.diagnostics
                let l:range = s:ByteRange(l:diagnostic, l:starts)

                if l:range isnot v:null
                    let l:diagnostic.range = l:range
                endif
            endfor
        endif
    elseif type(get(a:response, 'result')) is v:t_list
        " code actions: an edit over a diagnostic's range gets its bytes
        for l:action in a:response.result
            let l:changes = type(l:action) is v:t_dict
            \   ? get(get(l:action, 'edit', {}), 'changes', {}) : {}

            for [l:uri, l:edits] in items(l:changes)
                let l:buffer = s:Buffer(l:uri)

                if l:buffer < 1
                    continue
                endif

                let l:starts = s:LineStarts(l:buffer)

                for l:edit in l:edits
                    for l:diagnostic in get(l:action, 'diagnostics', [])
                        if get(l:edit, 'range') == get(l:diagnostic, 'range')
                            let l:range = s:ByteRange(l:diagnostic, l:starts)

                            if l:range isnot v:null
                                let l:edit.range = l:range
                            endif

                            break
                        endif
                    endfor
                endfor
            endfor
        endfor
    endif
endfunction

" Each server of this linter (its options carry "mtlint") gets the callback
" (once: ALE keeps a callback only once in its list).
function! s:OnStarted() abort
    for l:conn in values(ale#lsp#GetConnections())
        if type(l:conn.init_options) is v:t_dict
        \ && has_key(l:conn.init_options, 'mtlint')
            call ale#lsp#RegisterCallback(l:conn.id, function('s:OnMessage'))
        endif
    endfor
endfunction

" ALE asks for the options just before it starts a server: the callback goes
" on when Vim next waits, before the server can answer `initialize`.  ALE's
" ALELSPStarted (late for a buffer that is not the current one) does it too.
function! ale_linters#markdown#mtlint_lsp#GetOptions(buffer) abort
    call timer_start(0, {-> s:OnStarted()})

    return {'mtlint': ale#Var(a:buffer, 'markdown_mtlint_lsp_settings')}
endfunction

augroup ale_linters_markdown_mtlint_lsp
    autocmd!
    autocmd User ALELSPStarted call s:OnStarted()
augroup END

call ale#linter#Define('markdown', {
\   'name': 'mtlint_lsp',
\   'aliases': ['mtlint-lsp'],
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'markdown_mtlint_lsp_executable')},
\   'command': function('ale_linters#markdown#mtlint_lsp#GetCommand'),
\   'project_root': function('ale_linters#markdown#mtlint_lsp#GetProjectRoot'),
\   'initialization_options': function('ale_linters#markdown#mtlint_lsp#GetOptions'),
\})
