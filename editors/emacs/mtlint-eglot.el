;;; mtlint-eglot.el --- mtlint's language server in eglot  -*- lexical-binding: t -*-
;; Load this file (or copy the form into your init file).  Then M-x eglot in
;; a Markdown or text buffer; quick fixes are M-x eglot-code-actions.
;; Emacs 29 has eglot built in; on Emacs 28 install it (Debian: elpa-eglot).
(require 'eglot)
(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode text-mode) . ("mtlint" "lsp")))
(provide 'mtlint-eglot)
;;; mtlint-eglot.el ends here
