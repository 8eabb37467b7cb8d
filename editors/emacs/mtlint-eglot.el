;;; mtlint-eglot.el --- mtlint's language server in eglot  -*- lexical-binding: t -*-
;; Load this file (or copy the forms into your init file).  Then M-x eglot in
;; a Markdown or text buffer; quick fixes are M-x eglot-code-actions.
;; Emacs 29 has eglot built in; on Emacs 28 install it (Debian: elpa-eglot).
(require 'eglot)
;; Markdown first: eglot's own list names another server for markdown-mode.
(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode) . ("mtlint" "lsp")))
;; Plain text last: a mode derived from text-mode that eglot already knows
;; (tex-mode, latex-mode ...) keeps its own server.
(add-to-list 'eglot-server-programs '(text-mode . ("mtlint" "lsp")) t)
(provide 'mtlint-eglot)
;;; mtlint-eglot.el ends here
