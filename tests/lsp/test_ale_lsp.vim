" Vim + ALE (Debian: vim-ale) with editors/vim's mtlint_lsp linter (copied to
" ~/.vim/ale_linters by test_ale_lsp.sh) as the only linter, headless.
" Opens an article with multi-byte text before garbled phrases, waits for the
" server's diagnostics, checks rule id, line and byte columns, the project
" root and config, then runs :ALECodeAction on the phrase and picks the quick
" fix, checks the buffer, lints again and checks the finding is gone; then the
" same on line 2 with the cursor on a phrase's second word after 🚀🚀🚀🚀🚀
" Ünïcödé (the byte column ALE sends must be read as bytes).
" Settings come from the environment: MTL_WORK, MTL_ALE (ALE's folder).
" `mtlint` is found on PATH, as the shipped linter expects.
set nocompatible
let s:work = $MTL_WORK
let &runtimepath = $MTL_ALE . ',' . &runtimepath
filetype plugin on
let g:ale_linters = {'markdown': ['mtlint_lsp']}
let g:ale_linters_explicit = 1
let g:ale_lint_delay = 0
let g:ale_set_loclist = 1
let g:ale_set_quickfix = 0
let g:ale_lint_on_text_changed = 'never'
let g:ale_lint_on_enter = 0
" sent as initializationOptions: line 3's finding must not show
let g:ale_markdown_mtlint_lsp_settings = {'disable': ['mt-garble.grip-on-power']}
runtime plugin/ale.vim

let s:log = []
let s:failures = 0
function! s:Check(cond, what) abort
    if !a:cond
        let s:failures += 1
    endif
    call add(s:log, (a:cond ? 'ok: ' : 'FAIL: ') . a:what)
    return a:cond
endfunction

function! s:Results() abort
    return get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
endfunction

function! s:Find(list, rule) abort
    for l:item in a:list
        " the location list has the code in the text: '%code: %%s'
        if get(l:item, 'code', '') is# a:rule
        \ || (get(l:item, 'text', '') =~# '^' . a:rule . ': ')
            return l:item
        endif
    endfor
    return {}
endfunction

" Lints the buffer (didOpen / didChange to the server) and waits until
" Cond() holds on ALE's results, at most 20 s.
function! s:LintUntil(Cond) abort
    ALELint
    let l:waited = 0
    while l:waited < 20000 && !a:Cond(s:Results())
        sleep 20m
        let l:waited += 20
    endwhile
    return a:Cond(s:Results())
endfunction

let s:prefix = 'Zoë Łukasiewicz 🚀 said the '
let s:phrase = 'special army operation'
let s:fixed = 'special military operation'
let s:prefix2 = '🚀🚀🚀🚀🚀 Ünïcödé again: the firm faces '
let s:rule = 'mt-garble.special-military-operation'
let s:rule2 = 'mt-garble.reputational-prices'

" :ALECodeAction with the cursor at (lnum, col) lists the actions and asks
" for a number: the keys typed are '1' and Enter (the quick fix must be 1).
" Waits until line lnum reads want, at most 10 s; returns what ALE printed.
function! s:CodeAction(lnum, col, want) abort
    call cursor(a:lnum, a:col)
    call feedkeys("1\<CR>", 't')
    let s:prompt = ''
    redir => s:prompt
    ALECodeAction
    let l:waited = 0
    while l:waited < 10000 && getline(a:lnum) isnot# a:want
        sleep 20m
        let l:waited += 20
    endwhile
    redir END
    return s:prompt
endfunction

function! s:Run() abort
    execute 'edit ' . fnameescape('project/news/article.md')
    call s:Check(&filetype is# 'markdown', 'filetype markdown')
    let l:linters = ale#linter#Get('markdown')
    let l:names = map(copy(l:linters), 'v:val.name')
    if !s:Check(l:names ==# ['mtlint_lsp'], 'only the mtlint_lsp linter runs ' . string(l:names))
        return
    endif
    call s:Check(l:linters[0].lsp is# 'stdio', 'it is a language server over stdio')

    call s:Check(s:LintUntil({r -> !empty(s:Find(r, s:rule)) && !empty(s:Find(r, s:rule2))}),
    \ 'the server published both findings: ' . string(s:Results()))
    let l:results = s:Results()
    let l:d = s:Find(l:results, s:rule)
    if !empty(l:d)
        call s:Check(l:d.linter_name is# 'mtlint_lsp', 'from the mtlint_lsp linter')
        call s:Check(l:d.lnum == 1, 'line ' . l:d.lnum . ' == 1')
        call s:Check(l:d.col == strlen(s:prefix) + 1,
        \ 'byte column ' . l:d.col . ' == ' . (strlen(s:prefix) + 1)
        \ . ' (UTF-16 would give ' . (strlen(s:prefix) - 3) . ')')
        call s:Check(get(l:d, 'end_col', -1) == strlen(s:prefix . s:phrase),
        \ 'end column ' . get(l:d, 'end_col', -1) . ' == ' . strlen(s:prefix . s:phrase))
        call s:Check(strpart(getline(1), l:d.col - 1, get(l:d, 'end_col', 0) - l:d.col + 1)
        \ is# s:phrase, 'columns cover the phrase')
        call s:Check(l:d.type is# 'W', 'a warning')
        call s:Check(l:d.text =~# s:fixed, 'message names the fix')
    endif
    let l:d2 = s:Find(l:results, s:rule2)
    if !empty(l:d2)
        call s:Check(l:d2.lnum == 2 && l:d2.col == strlen(s:prefix2) + 1,
        \ 'line 2, byte column ' . l:d2.col . ' == ' . (strlen(s:prefix2) + 1))
    endif
    call s:Check(empty(s:Find(l:results, 'mt-garble.grip-on-power')),
    \ 'g:ale_markdown_mtlint_lsp_settings reached the server: grip-on-power hidden')
    call s:Check(empty(filter(copy(l:results), 'v:val.code =~# "^spelling"')),
    \ 'no spelling findings: the server obeys project/.mtlint.yaml')
    let l:roots = map(values(ale#lsp#GetConnections()), 'v:val.root')
    call s:Check(l:roots ==# [fnamemodify('project', ':p:h')],
    \ 'one server, root at the folder of .mtlint.yaml: ' . string(l:roots))

    " the location list, as the user sees it
    let l:waited = 0
    while l:waited < 5000 && empty(s:Find(getloclist(0), s:rule))
        sleep 20m
        let l:waited += 20
    endwhile
    let l:e = s:Find(getloclist(0), s:rule)
    if s:Check(!empty(l:e), 'location list holds the rule id')
        call s:Check(l:e.lnum == 1 && l:e.col == strlen(s:prefix) + 1,
        \ 'location list line 1, column ' . l:e.col)
    endif

    " the quick fix on line 1 (cursor on 'army'), chosen at ALE's prompt
    let l:prompt = s:CodeAction(1, strlen(s:prefix) + strlen('special ') + 2,
    \ s:prefix . s:fixed . ' goes on.')
    call s:Check(l:prompt =~# "\n1) Replace with .special military operation",
    \ 'the list offers the quick fix as 1): ' . string(substitute(l:prompt, '\n', ' | ', 'g')))
    call s:Check(getline(1) is# s:prefix . s:fixed . ' goes on.',
    \ 'the quick fix replaced exactly the phrase: ' . string(getline(1)))
    call s:Check(getline(2) is# s:prefix2 . 'reputational prices.', 'line 2 untouched')
    call s:Check(&modified, 'the buffer is changed, not saved')

    " re-lint of the unsaved buffer (didChange)
    call s:Check(s:LintUntil({r -> empty(s:Find(r, s:rule)) && !empty(s:Find(r, s:rule2))}),
    \ 're-lint drops the fixed finding and keeps the other: ' . string(s:Results()))

    " the cursor on the second word of line 2's finding, after 14 bytes more
    " than UTF-16 units: ALE sends that byte column, which the server must
    " read as bytes (in UTF-16 units it would fall past the finding's end)
    let l:prompt = s:CodeAction(2, strlen(s:prefix2) + strlen('reputational ') + 1,
    \ s:prefix2 . 'reputational costs.')
    call s:Check(l:prompt =~# "\n1) Replace with .reputational costs",
    \ 'after 🚀🚀🚀🚀🚀 Ünïcödé, the action on ''prices'' offers the quick fix: '
    \ . string(substitute(l:prompt, '\n', ' | ', 'g')))
    call s:Check(getline(2) is# s:prefix2 . 'reputational costs.',
    \ 'the second quick fix replaced exactly its phrase: ' . string(getline(2)))
    call s:Check(getline(1) is# s:prefix . s:fixed . ' goes on.', 'line 1 untouched')
    call s:Check(s:LintUntil({r -> empty(s:Find(r, s:rule2))}),
    \ 're-lint drops the second finding: ' . string(s:Results()))
endfunction

try
    call s:Run()
catch
    call s:Check(0, 'no Vim error: ' . v:exception . ' at ' . v:throwpoint)
endtry
call writefile(s:log, s:work . '/result.txt')
if s:failures
    cquit!
endif
qall!
