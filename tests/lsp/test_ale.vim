" Vim + ALE (Debian: vim-ale) runs editors/vim's mtlint linter, headless.
" Opens an article with multi-byte text before garbled phrases, waits for
" ALE, checks rule id, line and byte column in ALE's results and in the
" location list, then edits the unsaved buffer and checks the re-lint.
" Settings come from the environment: MTL_SRC, MTL_WORK, MTL_ALE (ALE's
" folder).  `mtlint` is found on PATH, as the shipped config expects.
set nocompatible
let s:src = $MTL_SRC
let s:work = $MTL_WORK
let &runtimepath = $MTL_ALE . ',' . s:src . '/editors/vim,' . &runtimepath
filetype plugin on
let g:ale_linters = {'markdown': ['mtlint']}
let g:ale_linters_explicit = 1
let g:ale_lint_delay = 0
let g:ale_set_loclist = 1
let g:ale_set_quickfix = 0
let g:ale_lint_on_text_changed = 'never'
let g:ale_lint_on_enter = 0
let g:ale_markdown_mtlint_options = '--no-config'
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

let s:posts = 0
augroup mtl_test
    autocmd User ALELintPost let s:posts += 1
augroup END

" Lints the buffer and waits for ALE's ALELintPost event.
function! s:Lint() abort
    let l:before = s:posts
    ALELint
    let l:waited = 0
    while l:waited < 20000 && s:posts == l:before
        sleep 20m
        let l:waited += 20
    endwhile
    return s:posts > l:before && !ale#engine#IsCheckingBuffer(bufnr(''))
endfunction

function! s:Find(list, rule) abort
    for l:item in a:list
        if get(l:item, 'code', '') is# a:rule
        \ || (get(l:item, 'text', '') =~# '^' . a:rule . ': ')
            return l:item
        endif
    endfor
    return {}
endfunction

let s:prefix = 'Zoë Łukasiewicz 🚀 said the '
let s:phrase = 'special army operation'
let s:prefix2 = 'Ünïcödé again: the firm faces '

function! s:Run() abort
    execute 'edit ' . fnameescape(s:work . '/article.md')
    call s:Check(&filetype is# 'markdown', 'filetype markdown')
    let l:names = map(copy(ale#linter#Get('markdown')), 'v:val.name')
    if !s:Check(index(l:names, 'mtlint') >= 0, 'ALE knows the mtlint linter ' . string(l:names))
        return
    endif
    call s:Check(s:Lint(), 'ALE finished linting')
    let l:buf = bufnr('')
    let l:results = get(get(g:ale_buffer_info, l:buf, {}), 'loclist', [])
    let l:d = s:Find(l:results, 'mt-garble.special-military-operation')
    if s:Check(!empty(l:d), 'ALE holds mt-garble.special-military-operation'
    \ . (empty(l:d) ? ': ' . string(l:results) : ''))
        call s:Check(l:d.linter_name is# 'mtlint', 'from the mtlint linter')
        call s:Check(l:d.lnum == 1, 'line ' . l:d.lnum . ' == 1')
        call s:Check(l:d.col == strlen(s:prefix) + 1,
        \ 'byte column ' . l:d.col . ' == ' . (strlen(s:prefix) + 1))
        call s:Check(get(l:d, 'end_col', -1) == strlen(s:prefix . s:phrase),
        \ 'end column ' . get(l:d, 'end_col', -1) . ' == ' . strlen(s:prefix . s:phrase))
        call s:Check(strpart(getline(1), l:d.col - 1, l:d.end_col - l:d.col + 1) is# s:phrase,
        \ 'columns cover the phrase')
        call s:Check(l:d.type is# 'W', 'a warning')
        call s:Check(l:d.text =~# 'special military operation', 'message names the fix')
    endif
    let l:d2 = s:Find(l:results, 'mt-garble.reputational-prices')
    if s:Check(!empty(l:d2), 'ALE holds mt-garble.reputational-prices')
        call s:Check(l:d2.lnum == 2 && l:d2.col == strlen(s:prefix2) + 1,
        \ 'line 2, byte column ' . l:d2.col . ' == ' . (strlen(s:prefix2) + 1))
    endif
    " ALE fills the location list from a timer once the results are in
    let l:waited = 0
    while l:waited < 5000 && empty(s:Find(getloclist(0), 'mt-garble.special-military-operation'))
        sleep 20m
        let l:waited += 20
    endwhile
    let l:ll = getloclist(0)
    let l:e = s:Find(l:ll, 'mt-garble.special-military-operation')
    if s:Check(!empty(l:e), 'location list holds the rule id'
    \ . (empty(l:e) ? ': ' . string(l:ll) : ''))
        call s:Check(l:e.lnum == 1 && l:e.col == strlen(s:prefix) + 1,
        \ 'location list line 1, column ' . l:e.col)
    endif
    " the unsaved buffer is what gets linted (--stdin)
    call setline(1, s:prefix . 'special military operation goes on.')
    call s:Check(s:Lint(), 'ALE finished the re-lint')
    let l:results = get(get(g:ale_buffer_info, l:buf, {}), 'loclist', [])
    call s:Check(empty(s:Find(l:results, 'mt-garble.special-military-operation')),
    \ 're-lint of the edited, unsaved buffer drops the fixed finding')
    call s:Check(!empty(s:Find(l:results, 'mt-garble.reputational-prices')),
    \ 're-lint keeps the other finding')
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
